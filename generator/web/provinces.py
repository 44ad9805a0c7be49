"""What the page says about each province: valid or not, its documents, when each was built.

Everything is read from the same places the command line reads: the province YAML
(validated by ``read_province``) and the manifest of its output folder. A browser names
a province only by its id, checked with :func:`id_problem` and looked up among the files
found in ``provinces/``, so no value from the browser ever becomes part of a path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from generator.config import yaml_source
from generator.config.project import Project
from generator.config.province import province_id, read_province
from generator.domain.errors import ConfigError, Problem, VanbanError
from generator.domain.model import DOCUMENT_KINDS, Province
from generator.domain.names import id_problem
from generator.output.manifest import Manifest


class UnknownProvince(LookupError):
    """A browser asked for a province that is not a file in provinces/."""


@dataclass
class DocumentRow:
    kind: str
    description: str
    built: str  # when last built, as the page shows it; "" when never


@dataclass
class ProvinceRow:
    id: str
    name: str
    path: Path
    errors: int
    warnings: int
    documents: list[DocumentRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unreadable: str = ""  # the output folder's manifest could not be read


def province_path(project: Project, ident: str) -> Path:
    """The file of a province named by the browser, only among those in provinces/."""
    if id_problem(ident) is not None:
        raise UnknownProvince(ident)
    try:
        files = project.province_files()
    except VanbanError:
        files = []
    for path in files:
        if province_id(path) == ident:
            return path
    raise UnknownProvince(ident)


def shown_time(stamp: str) -> str:
    """An ISO time of the manifest as an officer reads it: 14:05 ngày 09/02/2026."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return f"{moment:%H:%M} ngày {moment:%d/%m/%Y}"


def load(project: Project, path: Path) -> tuple[Province | None, list[Problem]]:
    """The validated province and its warnings, or None and every problem."""
    try:
        return read_province(path, project.shared)
    except ConfigError as exc:
        return None, exc.problems


def written_name(path: Path) -> str | None:
    """``province.name`` as written in a file that is not valid, if it can be read."""
    try:
        data = yaml_source.load(path).data
    except yaml_source.RejectedValues as exc:
        data = exc.source.data
    except ConfigError:
        return None
    name = data.get("province", {}).get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) and isinstance(data.get("province"), dict) else None


def row(project: Project, out: Path, path: Path) -> ProvinceRow:
    ident = province_id(path)
    province, problems = load(project, path)
    errors = sum(not p.warning for p in problems)
    name = province.name if province else written_name(path) or ident
    result = ProvinceRow(ident, name, path, errors,
                         len(problems) - errors, problems=problems)
    try:
        manifest = Manifest.load(out / ident)
    except VanbanError as exc:
        manifest = Manifest(out / ident)
        result.unreadable = str(exc)
    kinds = list(province.documents) if province else list(manifest.documents)
    for kind in kinds:
        record = manifest.documents.get(kind)
        built = shown_time(record.built) if record and record.built else ""
        described = DOCUMENT_KINDS[kind].description if kind in DOCUMENT_KINDS else kind
        result.documents.append(DocumentRow(kind, described, built))
    return result


def rows(project: Project, out: Path) -> tuple[list[ProvinceRow], str]:
    """Every province, and why the list is incomplete (a name given twice), if it is."""
    try:
        paths = project.province_files()
    except VanbanError as exc:
        return [], str(exc)
    return [row(project, out, path) for path in paths], ""
