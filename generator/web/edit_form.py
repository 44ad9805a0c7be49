"""The form of one province: every field the page edits, built from the schema and the file.

Each field is named by the path the validator uses (``documents.ke-hoach.number``,
``targets.4.a.2030``), so a problem of ``read_province`` lands at its field and a change
goes to ``config.writer`` by that name. Labels and help are the schema's
(``config.schema.KEYS``); values are read from the file as written (a sample value tagged
``!mau`` is marked). Only names this module built are ever read back from the browser.

The targets and departments come from ``config.targets_table``, the same table as the
Excel sheet: the national value beside the province's own, the unit, the direction, the
milestones, and which department leads each target.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from generator.config import schema
from generator.config.targets_table import IndicatorRow, TargetsTable, lead_changes
from generator.config.yaml_edit import DELETE
from generator.config.yaml_source import PathKey, Source, dotted
from generator.domain.errors import Problem
from generator.domain.model import DOCUMENT_KINDS
from generator.domain.vietnamese import format_number, parse_number

if TYPE_CHECKING:
    from generator.web.results_form import ResultsForm

LEAD_PREFIX = "chu-tri."  # a form field ``chu-tri.4``: the department leading target 4
UNIT_SHOWN = {"percent": "%", "per1000": "‰", "per100000": "/100.000", "number": "số"}
DIRECTION_SHOWN = {"increase": "↑ tăng", "decrease": "↓ giảm", "maintain": "= duy trì"}
# Keys of a document the form does not edit: its own template file and its wording, which
# are long texts better edited in the file (the page says so).
_NOT_IN_FORM = {"template", "content"}


@dataclass
class Field:
    """One input of the form."""

    name: str  # the validator's path, the input's name and the change's path
    label: str
    help: str
    type: str  # a schema type: text, texts, integer, number, date, choice, code
    value: str  # as the input shows it
    required: bool = False
    choices: list[tuple[str, str]] = field(default_factory=list)  # (value, label)
    sample: bool = False  # the value in the file is tagged !mau
    placeholder: str = ""
    original: Any = None  # the value as the file holds it (a list stays a list)

    @property
    def html_id(self) -> str:
        return html_id(self.name)

    @property
    def lines(self) -> bool:
        return self.type == schema.TEXTS or (self.type == schema.TEXT and len(self.value) > 70)


@dataclass
class Group:
    """Fields of one agency, signer or document."""

    title: str
    fields: list[Field]
    code: str = ""  # its id in the file


@dataclass
class Section:
    id: str
    title: str
    description: str
    fields: list[Field] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)


@dataclass
class TargetRow:
    row: IndicatorRow
    own: dict[int, Field]  # year → the input of the province's own value


@dataclass
class LeadRow:
    number: int
    field: Field  # choices: the departments


@dataclass
class EditForm:
    sections: list[Section]
    targets: list[TargetRow]
    leads: list[LeadRow]
    table: TargetsTable | None
    years: tuple[int, ...] = ()
    results: ResultsForm | None = None  # the section Kết quả (web.results_form)

    @property
    def fields(self) -> list[Field]:
        found = [f for s in self.sections for f in s.fields]
        found += [f for s in self.sections for g in s.groups for f in g.fields]
        found += [f for t in self.targets for f in t.own.values()]
        found += [lead.field for lead in self.leads]
        if self.results is not None:
            found += self.results.fields
        return found

    def by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    def values(self) -> dict[str, str]:
        return {f.name: f.value for f in self.fields}


def html_id(name: str) -> str:
    """An element id for a field name (ids allow only some characters in CSS selectors)."""
    return "f-" + re.sub(r"[^A-Za-z0-9_-]", lambda m: f"_{ord(m.group()):x}_", name)


def shown(value: Any) -> str:
    """A value of the file as an input shows it: lists one item a line, 9,5 with a comma."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    if isinstance(value, (list, tuple)):
        return "\n".join(shown(item) for item in value)
    return str(value)


def clean(text: str) -> str:
    """What the browser sent, as the file would hold it: NFC, no stray spaces, \\n lines."""
    lines = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.strip() for line in lines.split("\n")).strip("\n")


def _get(data: Any, path: PathKey) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _field(source: Source, path: PathKey, key: schema.Key,
           choices: Iterable[tuple[str, str]] = ()) -> Field:
    value = _get(source.data, path)
    listed = list(choices) or [(code, f"{code}: {label}") for code, label in key.choices.items()]
    placeholder = key.example if key.type not in (schema.CHOICE, schema.CODE) else ""
    if key.type == schema.TEXTS:
        placeholder = "mỗi dòng một mục"
    return Field(dotted(path), key.label, key.description, key.type, shown(value),
                 key.required, listed, source.is_sample(path), placeholder, value)


def _table_fields(source: Source, where: PathKey, pattern: tuple[str, ...],
                  codes: Mapping[str, list[tuple[str, str]]], *,
                  letter: bool = False) -> list[Field]:
    """A field for each key the schema declares directly under ``pattern`` (not tables)."""
    found = []
    for key in schema.children(schema.PROVINCE, pattern):
        if key.type in (schema.TABLE, schema.TABLES, schema.BOOLEAN) or key.name in _NOT_IN_FORM:
            continue
        if key.name in schema.PLACEHOLDERS or (key.only and not (letter and
                                                                  key.only == schema.LETTER)):
            continue
        found.append(_field(source, (*where, key.name), key, codes.get(key.name, ())))
    return found


def _named(data: Any) -> list[str]:
    return [str(name) for name in data] if isinstance(data, dict) else []


def _label(data: Any, code: str, *keys: str) -> str:
    entry = data.get(code) if isinstance(data, dict) else None
    for key in keys:
        value = entry.get(key) if isinstance(entry, dict) else None
        if value:
            return " ".join(map(str, value)) if isinstance(value, list) else str(value)
    return code


def build(source: Source, table: TargetsTable | None) -> EditForm:
    """The form of the province file read as ``source`` (its targets when ``table``)."""
    data = source.data if isinstance(source.data, dict) else {}
    agencies, signers = data.get("agencies"), data.get("signers")
    departments = data.get("departments") if isinstance(data.get("departments"), list) else []
    codes = {
        "agency": [(c, f"{c}: {_label(agencies, c, 'in_text', 'name')}")
                   for c in _named(agencies)],
        "signer": [(c, f"{c}: {_label(signers, c, 'name')}") for c in _named(signers)],
    }
    department_codes = [(str(d["id"]), str(d.get("name") or d["id"])) for d in departments
                        if isinstance(d, dict) and "id" in d]
    general = Section("chung", "Thông tin chung",
                      schema.key(schema.PROVINCE, "province").description + " "
                      + schema.key(schema.PROVINCE, "terms").description)
    general.fields += _table_fields(source, ("province",), ("province",), {})
    general.fields += _table_fields(source, ("terms",), ("terms",), {})
    general.fields += _table_fields(source, (), (), {"lead_department": department_codes})
    agency_section = Section("co-quan", "Cơ quan ban hành",
                             schema.key(schema.PROVINCE, "agencies").description)
    for code in _named(agencies):
        agency_section.groups.append(Group(
            _label(agencies, code, "in_text"), code=code,
            fields=_table_fields(source, ("agencies", code), ("agencies", "<agency>"), codes)))
    signer_section = Section("nguoi-ky", "Người ký",
                             schema.key(schema.PROVINCE, "signers").description + " "
                             + schema.key(schema.PROVINCE, "signers.<signer>").description)
    for code in _named(signers):
        signer_section.groups.append(Group(
            _label(signers, code, "name"), code=code,
            fields=_table_fields(source, ("signers", code), ("signers", "<signer>"), codes)))
    document_section = Section("van-ban", "Văn bản",
                               schema.key(schema.PROVINCE, "documents").description
                               + " Nội dung riêng (content) và mẫu riêng (template) của văn "
                               "bản sửa trong tệp YAML.")
    for kind in _named(data.get("documents")):
        known = DOCUMENT_KINDS.get(kind)
        title = known.description if known else kind
        document_section.groups.append(Group(
            title, code=kind,
            fields=_table_fields(source, ("documents", kind), ("documents", "<kind>"), codes,
                                 letter=bool(known and known.is_letter))))
    sections = [general, agency_section, signer_section, document_section]
    targets: list[TargetRow] = []
    leads: list[LeadRow] = []
    if table is not None:
        targets = [_target_row(source, row, table.years) for row in table.rows]
        lead_key = schema.key(schema.PROVINCE, "departments[].leads")
        choices = [(d.key, d.name) for d in table.departments]
        for number in sorted({row.number for row in table.rows}):
            current = table.lead.get(number, "")
            leads.append(LeadRow(number, Field(
                f"{LEAD_PREFIX}{number}", f"Chỉ tiêu {number}", lead_key.description,
                schema.CODE, current, True, choices, original=current)))
    return EditForm(sections, targets, leads, table, table.years if table else ())


def _target_row(source: Source, row: IndicatorRow, years: tuple[int, ...]) -> TargetRow:
    key = schema.key(schema.PROVINCE, "targets.<number>.<indicator>.<year>")
    own = {}
    for year in years:
        path = row.value_path(year)
        value = row.own.get(year)
        national = row.national.get(year)
        named = f"{row.number}{row.key}" if row.key in path else str(row.number)
        own[year] = Field(
            dotted(path), f"Chỉ tiêu {named}, giá trị riêng năm {year}",
            key.description, schema.NUMBER, shown(value), False, sample=year in row.samples,
            placeholder=shown(national), original=value)
    return TargetRow(row, own)


# --- what the browser sent → changes --------------------------------------------------------

def submitted(form: EditForm, sent: Mapping[str, str]) -> dict[str, str]:
    """The value of each field of ``form`` as sent (a field not sent keeps its value)."""
    values = form.values()
    for name in values:
        if name in sent:
            values[name] = clean(sent[name])
    return values


def changed(form: EditForm, opened: Mapping[str, str], now: Mapping[str, str]) -> dict[str, str]:
    """The fields whose value differs from the one the form was opened with."""
    known = form.by_name()
    return {name: value for name, value in now.items()
            if name in known and clean(opened.get(name, known[name].value)) != value}


def _typed(entry: Field, text: str) -> Any:
    """The value to write for what was typed; text the validator will judge stays text."""
    if entry.type == schema.NUMBER:
        if not text:
            return DELETE  # the national value again
        try:
            return parse_number(text.removesuffix("%").strip())
        except (ValueError, TypeError):
            return text
    if not text:
        return None if entry.type == schema.INTEGER else DELETE if not entry.required else ""
    if entry.type == schema.INTEGER:
        return int(text) if text.isdigit() else text
    if entry.type == schema.DATE:
        if re.fullmatch(r"\d{4}", text):
            return int(text)
        try:
            return date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d\d-\d\d", text) else text
        except ValueError:
            return text
    if entry.type == schema.TEXTS:
        items = [line for line in text.split("\n") if line]
        if isinstance(entry.original, str) and len(items) == 1:
            return items[0]
        return items
    return text


def changes(form: EditForm, edited: Mapping[str, str]) -> dict[Any, Any]:
    """The writer's changes (path → value) for the edited fields of ``form``."""
    known = form.by_name()
    result: dict[Any, Any] = {}
    leads: dict[int, str] = {}
    for name, text in edited.items():
        if name.startswith(LEAD_PREFIX):
            leads[int(name.removeprefix(LEAD_PREFIX))] = text
            continue
        result[name] = _typed(known[name], text)
    if leads and form.table is not None:
        result.update(lead_changes(form.table, leads))
    return result


# --- problems → fields ----------------------------------------------------------------------

def _aliases(form: EditForm) -> dict[str, str]:
    """Other names the validator gives a target value (``targets.1.indicators.a.2030``)."""
    found: dict[str, str] = {}
    for target in form.targets:
        row = target.row
        for year, entry in target.own.items():
            for alias in (f"targets.{row.number}.indicators.{row.key}.{year}",
                          f"targets.{row.number}.{row.key}.{year}"):
                found.setdefault(alias, entry.name)
        found.setdefault(f"targets.{row.number}.indicators.{row.key}",
                         target.own[max(target.own)].name)
    return found


def placed(form: EditForm, problems: Iterable[Problem]) -> dict[str, list[Problem]]:
    """Each field's problems; those of no field under the key ""."""
    names = [f.name for f in form.fields]
    aliases = _aliases(form)
    result: dict[str, list[Problem]] = {}
    for problem in problems:
        name = problem.field if problem.field in names else aliases.get(problem.field)
        if name is None:
            inside = [n for n in names if problem.field.startswith((f"{n}.", f"{n}["))]
            below = [n for n in names if n.startswith(f"{problem.field}.")]
            name = max(inside, key=len) if inside else below[0] if below else ""
        result.setdefault(name, []).append(problem)
    return result


def said(problem: Problem) -> str:
    """A problem as the field shows it: the command line's message, what was found and
    what is needed."""
    text = problem.message
    if problem.expected:
        text += f" (cần: {problem.expected})"
    return text


def labelled(form: EditForm) -> dict[str, str]:
    """Each field's label with the group it is in, for the summary of problems."""
    found = {}
    for section in form.sections:
        for entry in section.fields:
            found[entry.name] = f"{section.title} › {entry.label}"
        for group in section.groups:
            for entry in group.fields:
                found[entry.name] = f"{section.title} › {group.title} › {entry.label}"
    for target in form.targets:
        for entry in target.own.values():
            found[entry.name] = f"Chỉ tiêu › {entry.label}"
    for lead in form.leads:
        found[lead.field.name] = f"Sở chủ trì › {lead.field.label}"
    if form.results is not None:
        found.update(form.results.labels())
    return found
