"""Where the provinces are, which province files a command names, writing a new one.

A province is ``provinces/<id>.yaml`` or ``provinces/<id>.yml``; both spellings are
common, so both are read everywhere. The same id under both would make the output
folder ``output/<id>/`` belong to two files: that is refused, naming both.
"""

from __future__ import annotations

import difflib
import os
import secrets
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from generator.config.province import province_id, read_province
from generator.domain.errors import ConfigError, VanbanError
from generator.domain.model import Province
from generator.domain.names import ID_EXPECTED, id_problem

PROVINCE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Project:
    """Where the provinces, shared content and templates are."""

    root: Path

    @property
    def provinces(self) -> Path:
        return self.root / "provinces"

    @property
    def shared(self) -> Path:
        return self.provinces / "shared"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    def province_files(self) -> list[Path]:
        """Every province file, ``.yaml`` or ``.yml``; an id given twice is refused."""
        paths = sorted(path for suffix in PROVINCE_SUFFIXES
                       for path in self.provinces.glob(f"*{suffix}"))
        one_file_per_folder(paths)
        return paths

    def province_ids(self) -> list[str]:
        return [province_id(path) for path in self.province_files()]


def _twice_message(paths: list[Path]) -> str:
    names = " và ".join(str(path) for path in paths)
    return (f"tỉnh '{province_id(paths[0])}' có hai tệp: {names}; giữ một tệp, xóa hoặc đổi "
            "tên tệp kia")


def find_project() -> Project:
    """The current folder when it holds provinces/, else the folder vanban was installed from."""
    here = Path.cwd()
    if (here / "provinces").is_dir():
        return Project(here)
    return Project(Path(__file__).resolve().parents[2])


def _province_file(project: Project, name: str) -> Path:
    """The file of province id ``name``, whichever suffix it has."""
    problem = id_problem(name)
    if problem is not None:
        raise VanbanError(f"'{name}' không phải một mã tỉnh: {problem}; mã tỉnh là tên tệp "
                          f"trong provinces/ ({ID_EXPECTED}), hoặc ghi đường dẫn tới một "
                          "tệp .yaml")
    found = [path for suffix in PROVINCE_SUFFIXES
             if (path := project.provinces / f"{name}{suffix}").is_file()]
    if len(found) > 1:
        raise VanbanError(_twice_message(found))
    if found:
        return found[0]
    known = project.province_ids()
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"; có phải ý bạn là '{close[0]}'?" if close else ""
    base = project.provinces / name
    raise VanbanError(f"không có tỉnh '{name}' ({base}.yaml và {base}.yml đều không tồn "
                      f"tại{hint}); các tỉnh có: {', '.join(known) or '(chưa có tỉnh nào)'}")


def resolve(project: Project, names: list[str]) -> list[Path]:
    """Province ids or paths to YAML files; none means every province."""
    if not names:
        return project.province_files()
    paths = []
    for name in names:
        path = Path(name)
        if path.suffix not in PROVINCE_SUFFIXES:
            path = _province_file(project, name)
        elif not path.is_file():  # the file's own name is checked with its content (config)
            known = ", ".join(project.province_ids())
            raise VanbanError(f"không có tỉnh '{name}' ({path} không tồn tại); các tỉnh có: "
                              f"{known}")
        paths.append(path)
    return _once_each(paths)


def _once_each(paths: list[Path]) -> list[Path]:
    """A file named twice on the command line is read once."""
    seen: set[Path] = set()
    unique = []
    for path in paths:
        if path.resolve() not in seen:
            seen.add(path.resolve())
            unique.append(path)
    return unique


def one_file_per_folder(paths: list[Path]) -> None:
    """Refuse two province files of one id: both would be written to ``out/<id>/``."""
    by_id: dict[str, list[Path]] = defaultdict(list)
    for path in paths:
        by_id[province_id(path)].append(path)
    twice = [found for found in by_id.values() if len(found) > 1]
    if twice:
        raise VanbanError("; ".join(_twice_message(found) for found in twice))


def province_folder(out: Path, path: Path) -> Path:
    """``out/<id>`` of a province file, refused when its name cannot be a folder name."""
    problem = id_problem(province_id(path))
    if problem is not None:
        raise VanbanError(f"tên tệp '{path.name}' không dùng làm mã tỉnh được: {problem}")
    return out / province_id(path)


def load_all(project: Project, paths: list[Path]) -> list[Province]:
    """Every province validated; all errors of all files are reported together."""
    provinces, problems, warnings = [], [], []
    for path in paths:
        try:
            province, found = read_province(path, project.shared)
        except ConfigError as exc:
            problems.extend(exc.problems)
            continue
        provinces.append(province)
        warnings.extend(found)
    if problems:
        raise ConfigError(problems)
    for warning in warnings:
        print(warning.format(), file=sys.stderr)
    return provinces

def write_new(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, which must not exist: whole or not at all.

    The text goes to a temporary file in the same folder, then is linked under its name;
    a link fails if the name was taken meanwhile, so nothing is ever replaced.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        with open(temporary, "x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise VanbanError(f"{path} vừa được tạo bởi một chương trình khác; vanban new "
                              "không ghi đè") from None
        except OSError:  # no hard links on this file system: an exclusive rename instead
            if path.exists():
                raise VanbanError(f"{path} đã có; vanban new không ghi đè") from None
            os.rename(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
