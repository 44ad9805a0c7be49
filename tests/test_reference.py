"""The reference of YAML keys (docs/cau-hinh.md) against what the validator accepts.

Issue 10 asks for a reference of every key the validator accepts, and a test that fails
when the validator accepts a key the reference does not describe. The readers take the
keys of each table from generator/config/schema.py and the reference is generated from
it; these tests check the three links from the outside:

- the committed reference is what tools/build_reference.py writes from the schema;
- every key list the readers hand to ``Fields.mapping``, loading the three sample
  provinces and a province that uses every optional key, names only keys the reference
  describes, in the section of the right file;
- an unknown key at any level, in the province file or a shared file, is refused with a
  Vietnamese message naming it, at its line and column.
"""

from __future__ import annotations

import re
import runpy
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

import generator
from generator.commands.main import main
from generator.config import schema
from generator.config.fields import Fields
from generator.config.province import read_province
from generator.config.yaml_source import Index, PathKey, dotted
from tests import sample_yaml

ROOT = Path(generator.__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "cau-hinh.md"
SHARED = ROOT / "provinces" / "shared"
SAMPLES = ("long-an", "tay-ninh", "tuyen-quang")
EXIT_INVALID = 2


# ---------------------------------------------------------------------------------------------
# The committed reference is the generated one
# ---------------------------------------------------------------------------------------------


def test_committed_reference_is_what_the_script_writes() -> None:
    builder = runpy.run_path(str(ROOT / "tools" / "build_reference.py"))
    assert REFERENCE.read_text(encoding="utf-8") == builder["render"](), (
        "docs/cau-hinh.md khác với bản sinh từ generator/config/schema.py; chạy: "
        f"{builder['COMMAND']}")


def documented() -> dict[str, set[str]]:
    """The key paths the reference describes, by file: the rows under each file heading."""
    found: dict[str, set[str]] = {}
    current = None
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## \d+\. `([^`]+)`", line)
        if heading:
            current = found.setdefault(heading.group(1), set())
        row = re.match(r"^\| `([^`]+)` \| ", line)
        if row and current is not None:
            current.add(row.group(1))
    return found


def test_the_reference_describes_each_file_and_the_overrides_found_only_in_code() -> None:
    rows = documented()
    assert set(rows) == {f.path for f in schema.FILES}
    assert {"programme.summary", "documents.<kind>.content.<entry>", "departments[].tasks",
            "targets.<number>.<year>", "agencies.<agency>.parent", "terms.report_day",
            "documents.<kind>.template"} <= rows[schema.PROVINCE]
    assert "contact_phone" in rows[schema.document_file("cong-van-xay-dung-ke-hoach")]
    assert sum(map(len, rows.values())) == len(schema.KEYS)


# ---------------------------------------------------------------------------------------------
# Every key the readers accept is described
# ---------------------------------------------------------------------------------------------


@dataclass
class Call:
    """One table the readers checked: which file, where, and the keys it accepted."""

    file: str
    key: PathKey
    accepted: list[Any]


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[Call]:
    """Every ``Fields.mapping`` call made from now on; an open table (any agency id)
    accepts the keys it holds."""
    recorded: list[Call] = []
    original = Fields.mapping

    def mapping(self: Fields, key: PathKey, required: Any, optional: Any = (),
                *, open_keys: bool = False) -> dict[Any, Any] | None:
        required, optional = list(required), list(optional)
        value = original(self, key, required, optional, open_keys=open_keys)
        accepted = [*required, *optional] + (list(value) if open_keys and value else [])
        recorded.append(Call(self.schema_file, tuple(key), accepted))
        return value

    monkeypatch.setattr(Fields, "mapping", mapping)
    return recorded


def undescribed(calls: list[Call], rows: dict[str, set[str]]) -> list[str]:
    """Each accepted key the reference does not describe, as file: path."""
    missing = []
    for call in calls:
        for name in call.accepted:
            entry = schema.describe(call.file, (*call.key, name))
            if entry is None or entry.path not in rows.get(call.file, set()):
                missing.append(f"{call.file}: {dotted((*call.key, name))}")
    return missing


def walk(value: Any, key: PathKey = ()) -> Iterator[PathKey]:
    """Every key path in loaded YAML, list items as Index like the readers see them."""
    items = (value.items() if isinstance(value, dict) else
             [(Index(i), v) for i, v in enumerate(value)] if isinstance(value, list) else [])
    for name, inner in items:
        yield (*key, name)
        yield from walk(inner, (*key, name))


def full_province(folder: Path) -> Path:
    """Long An with every optional key of a province file written at least once."""
    data = sample_yaml.safe_load(
        (ROOT / "provinces" / "long-an.yaml").read_text(encoding="utf-8"))
    data["terms"]["report_day"] = "20/12"
    data["province"]["kind"] = "tinh"
    data["terms"].update(cap_tinh="tỉnh", tinh_uy="Tỉnh ủy", tinh_doan="Tỉnh đoàn")
    data["departments"].append({"id": "khoa-hoc", "name": "Sở Khoa học và Công nghệ",
                                "roles": ["information"]})
    plan = data["documents"]["ke-hoach"]
    plan.update(number=15, date=date(2021, 3, 28), template="ke-hoach.docx")
    shared = sample_yaml.safe_load((SHARED / "programme.yaml").read_text(encoding="utf-8"))
    data["programme"] = {name: shared[name]
                         for name in schema.names(schema.PROVINCE, ("programme",))
                         if name != "period"}
    data["programme"]["period"] = [2021, 2030]
    data["departments"][-1]["notify"] = True
    data.setdefault("results", {}).update({
        1: {2023: 81, 2024: "82,5", "source": "Báo cáo số 45/BC-SYT của Sở Y tế",
            "sources": {2024: "Báo cáo số 112/BC-SYT của Sở Y tế"}},
        3: {"a": {2023: "9,8"}}})
    data["targets"][2] = {2025: 90, 2030: 95, "text_2025": "Đạt {a.2025} vào năm 2025.",
                          "text_2030": "Đạt {a.2030} vào năm 2030."}
    path = folder / "day-du.yaml"
    # One line per value: a wrapped line starting "- " would read as a mistaken list.
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False,
                                   width=1_000_000), encoding="utf-8")
    return path


def test_every_key_the_validator_accepts_is_in_the_reference(
        tmp_path: Path, calls: list[Call]) -> None:
    for name in SAMPLES:
        read_province(ROOT / "provinces" / f"{name}.yaml", SHARED)
    read_province(full_province(tmp_path), SHARED)
    assert {c.file for c in calls} == {f.path for f in schema.FILES}
    assert len(calls) > 500
    assert undescribed(calls, documented()) == []


def test_a_key_accepted_outside_the_schema_would_be_caught() -> None:
    """The check above can fail: a reader accepting 'capital' under province is reported."""
    rows = documented()
    call = Call(schema.PROVINCE, ("province",), ["name", "place", "capital"])
    assert undescribed([call], rows) == ["provinces/<id>.yaml: province.capital"]
    rows[schema.PROVINCE].discard("province.place")
    assert undescribed([call], rows) == ["provinces/<id>.yaml: province.place",
                                         "provinces/<id>.yaml: province.capital"]


def test_the_full_province_is_valid_and_uses_every_key_of_a_province_file(
        tmp_path: Path) -> None:
    path = full_province(tmp_path)
    province, warnings = read_province(path, SHARED)
    assert province.programme.summary and not [w for w in warnings if not w.warning]
    loaded = sample_yaml.safe_load(path.read_text(encoding="utf-8"))
    used = {entry.path for key in walk(loaded)
            if (entry := schema.describe(schema.PROVINCE, key)) is not None}
    declared = {k.path for k in schema.KEYS if k.file == schema.PROVINCE}
    assert declared - used == set()


# ---------------------------------------------------------------------------------------------
# An unknown key is refused at every level
# ---------------------------------------------------------------------------------------------

_HEADER = re.compile(r"^(?P<where>\S.*?): lỗi: trường '(?P<field>[^']*)': (?P<message>.*)$")

# (file in the project, text to change, its replacement, field reported, the inserted key
# as the message names it, where the message must point: the only occurrence of this text)
UNKNOWN = {
    "top-of-province": ("provinces/long-an.yaml", "\nlead_department: ldtbxh\n",
                        "\nlead_department: ldtbxh\nprogramm: {}\n", "programm", "programm",
                        "programm:", "programme"),
    "province": ("provinces/long-an.yaml", "  place: Long An ",
                 "  capital: Tân An\n  place: Long An ", "province.capital", "capital",
                 "capital:", None),
    "terms": ("provinces/long-an.yaml", "  ministry: Bộ", "  minister: Bộ Y tế\n  ministry: Bộ",
              "terms.minister", "minister", "minister:", "ministry"),
    "agency": ("provinces/long-an.yaml", "  ubnd:\n", "  ubnd:\n    short: UBND\n",
               "agencies.ubnd.short", "short", "short:", None),
    "signer": ("provinces/long-an.yaml", "  giam-doc-so:\n",
               "  giam-doc-so:\n    degree: TS\n", "signers.giam-doc-so.degree", "degree",
               "degree:", None),
    "target-year": ("provinces/long-an.yaml", "  7: {2025: 100, 2030: 100}",
                    "  7: {2025: 100, 2030: 100, 2035: 100}", "targets.7.2035", "2035",
                    "2035:", "2030"),
    "target-indicator-year": ("provinces/long-an.yaml", '    a: {2025: "9,5", 2030: 9}',
                              '    a: {2025: "9,5", 2030: 9, 2035: 8}', "targets.3.a.2035",
                              "2035", "2035:", "2030"),
    "target-indicator": ("provinces/long-an.yaml", "unit: percent, direction: increase, 2030",
                         "unit: percent, direction: increase, source: x, 2030",
                         "targets.13.indicators.a.source", "source", "source:", None),
    "department": ("provinces/long-an.yaml", "  - id: tu-phap\n",
                   "  - id: tu-phap\n    phone: x\n", "departments[2].phone", "phone",
                   "phone: x", None),
    "letter-only-key-on-a-plan": ("provinces/long-an.yaml", "  ke-hoach:\n    agency: ubnd\n",
                                  "  ke-hoach:\n    unit: TE\n    agency: ubnd\n",
                                  "documents.ke-hoach.unit", "unit", "unit: TE\n    agency",
                                  None),
    "content-entry": ("provinces/long-an.yaml", "      contact_unit:",
                      "      contact_fax: x\n      contact_unit:",
                      "documents.cong-van-xay-dung-ke-hoach.content.contact_fax",
                      "contact_fax", "contact_fax:", "contact_email"),
    "programme": ("provinces/long-an.yaml", "\nlead_department: ldtbxh\n",
                  "\nlead_department: ldtbxh\nprogramme:\n  sumary: Thực hiện\n",
                  "programme.sumary", "sumary", "sumary:", "summary"),
    "programme-task-group": ("provinces/long-an.yaml", "\nlead_department: ldtbxh\n",
                             "\nlead_department: ldtbxh\nprogramme:\n  task_groups:\n"
                             "    - {title: Nhóm, items: [Việc], note: x}\n",
                             "programme.task_groups[1].note", "note", "note:", None),
    "shared-top": ("provinces/shared/programme.yaml", "\nfunding:\n",
                   "\nfootnote: x\nfunding:\n", "footnote", "footnote", "footnote:", None),
    "shared-heading": ("provinces/shared/programme.yaml", "  goals: MỤC TIÊU\n",
                       "  goals: MỤC TIÊU\n  annex: PHỤ LỤC\n", "headings.annex", "annex",
                       "annex:", None),
    "shared-target": ("provinces/shared/programme.yaml", "  1:\n    goal: 1\n",
                      "  1:\n    source: x\n    goal: 1\n", "targets.1.source", "source",
                      "source:", None),
    "shared-document-entry": ("provinces/shared/documents/cong-van-xay-dung-ke-hoach.yaml",
                              "\nthanks:", "\nthank: x\nthanks:", "thank", "thank",
                              "thank:", "thanks"),
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "du-an"
    (root / "provinces").mkdir(parents=True)
    shutil.copytree(SHARED, root / "provinces" / "shared")
    shutil.copy(ROOT / "provinces" / "long-an.yaml", root / "provinces")
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize("case", UNKNOWN.values(), ids=UNKNOWN.keys())
def test_an_unknown_key_is_refused_where_it_is_with_its_name(
        case: tuple[str, ...], project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file, old, new, field, name, at, suggestion = case
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {file}"
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    assert text.count(at) == 1
    offset = text.index(at)
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)

    code = main(["validate", str(project / "provinces" / "long-an.yaml")])
    err = capsys.readouterr().err
    assert code == EXIT_INVALID, err
    assert "Traceback" not in err
    lines = err.splitlines()
    hits = [i for i, text_line in enumerate(lines)
            if (m := _HEADER.match(text_line)) and m["field"] == field]
    assert len(hits) == 1, err
    header = _HEADER.match(lines[hits[0]])
    assert header is not None
    assert header["where"] == f"{path}:{line}:{column}"
    hint = f" (có phải ý bạn là '{suggestion}'?)" if suggestion else ""
    assert header["message"] == f"trường '{name}' không có trong cấu hình{hint}"
    assert lines[hits[0] + 1] == f"  gặp: {name}"
    assert lines[hits[0] + 2].startswith("  cần: một trong: ")
    assert name not in lines[hits[0] + 2].removeprefix("  cần: một trong: ").split(", ")


def test_a_shared_document_entry_the_document_needs_is_required(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without 'thanks' the công văn has no closing line: once a traceback at build time,
    now a message at the shared file's first key, since the schema marks it required."""
    path = project / "provinces" / "shared" / "documents" / "cong-van-xay-dung-ke-hoach.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("thanks: Trân trọng cảm ơn./.\n", ""), encoding="utf-8")
    code = main(["validate", str(project / "provinces" / "long-an.yaml")])
    err = capsys.readouterr().err
    assert code == EXIT_INVALID and "Traceback" not in err
    first = text[:text.index("\nsubject:")].count("\n") + 2
    assert f"{path}:{first}:1: lỗi: trường '(gốc)': thiếu trường bắt buộc 'thanks'" in err, err
