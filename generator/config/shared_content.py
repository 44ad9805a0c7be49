"""The shared wording besides the programme: department roles and each document's texts.

``provinces/shared/departments.yaml`` maps a role (health, justice...) to its standard
tasks; ``provinces/shared/documents/<kind>.yaml`` maps each text of a document kind (the
entries config.schema declares for it) to its wording, a list of wordings, or ``~`` when
the province must supply it. Both are read once per province load with the same
positions and checks as a province file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.config import schema
from generator.config.fields import Fields, describe
from generator.config.yaml_source import load
from generator.domain.errors import ConfigError, Problem
from generator.domain.model import DOCUMENT_KINDS

ROLES_FILE = "departments.yaml"
DOCUMENTS_DIR = "documents"

# What a content entry is in the shared file: a text, a list of texts, or to be supplied.
TEXT, LIST, REQUIRED = "text", "list", "required"


@dataclass
class SharedContent:
    """Roles and per-kind content, with the Fields that know where each came from."""

    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    roles_fields: Fields | None = None
    documents: dict[str, dict[str, object]] = field(default_factory=dict)
    shapes: dict[str, dict[str, str]] = field(default_factory=dict)
    document_fields: dict[str, Fields] = field(default_factory=dict)


def _read_roles(fields: Fields, shared: SharedContent) -> None:
    raw = fields.table(()) or {}
    for role in raw:
        tasks = fields.text_list((role,))
        if tasks:
            shared.roles[str(role)] = tuple(tasks)


def _read_document(kind: str, fields: Fields, shared: SharedContent) -> None:
    """A kind's entries: only those config.schema declares for it (an unknown one, a typo,
    is reported by ``table``), each a text, a list or ``~`` for the province to supply."""
    raw = fields.table(()) or {}
    declared = schema.names(fields.schema_file, ())
    values: dict[str, object] = {}
    shapes: dict[str, str] = {}
    for key, value in raw.items():
        if key not in declared:
            continue
        if value is None:
            shapes[str(key)] = REQUIRED
        elif isinstance(value, list):
            items = fields.text_list((key,))
            if items is not None:
                values[str(key)], shapes[str(key)] = tuple(items), LIST
        elif isinstance(value, str):
            text = fields.text((key,))
            if text is not None:
                values[str(key)], shapes[str(key)] = text, TEXT
        else:
            fields.report((key,), "nội dung phải là một đoạn chữ, một danh sách hoặc ~",
                          found=describe(value))
    shared.documents[kind], shared.shapes[kind] = values, shapes
    shared.document_fields[kind] = fields


def load_shared_content(shared_dir: Path, problems: list[Problem]) -> SharedContent:
    """Read the roles file and every document kind's content file that exists."""
    shared = SharedContent()
    paths = [(None, shared_dir / ROLES_FILE)] + [
        (kind, shared_dir / DOCUMENTS_DIR / f"{kind}.yaml") for kind in DOCUMENT_KINDS]
    for kind, path in paths:
        if kind is not None and not path.exists():
            continue
        try:
            source = load(path)
        except ConfigError as exc:
            problems.extend(exc.problems)
            continue
        fields = Fields(source, problems,
                        schema.ROLES if kind is None else schema.document_file(kind))
        if kind is None:
            shared.roles_fields = fields
            _read_roles(fields, shared)
        else:
            _read_document(kind, fields, shared)
    return shared
