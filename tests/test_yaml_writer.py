"""The round-trip writer of province files (config.writer over config.yaml_edit).

Each test copies the sample provinces and the shared content into a temporary project,
changes them through ``write_changes`` as the web page and ``vanban excel import`` do,
and reads the file back with the project's own reader. A diff of the file must show only
what changed; an invalid value, a stale version or a change set that changes nothing
must leave every byte (and the modification time) as it was.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import generator
from generator.config.province import read_province
from generator.config.writer import (
    DELETE,
    StaleVersion,
    read_snapshot,
    version_of,
    write_changes,
)
from generator.config.yaml_edit import EditError, apply_changes, parse_path
from generator.config.yaml_source import Index
from generator.domain.errors import ConfigError
from generator.domain.model import Province

ROOT = Path(generator.__file__).resolve().parent.parent
SAMPLES = sorted(p.stem for p in (ROOT / "provinces").glob("*.yaml"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """provinces/ (the samples and shared/) in a temporary folder."""
    shutil.copytree(ROOT / "provinces", tmp_path / "provinces")
    return tmp_path / "provinces"


def _read(path: Path) -> Province:
    return read_province(path, path.parent / "shared")[0]


def _changed_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    """The lines a unified diff removes and adds."""
    removed, added = [], []
    for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0):
        if line.startswith("-") and not line.startswith("---"):
            removed.append(line[1:])
        elif line.startswith("+") and not line.startswith("+++"):
            added.append(line[1:])
    return removed, added


def _other_value(value: int | Decimal) -> Decimal:
    """A different valid percentage with a decimal comma."""
    return Decimal(value) - Decimal("0.5") if value >= 1 else Decimal(value) + Decimal("0.5")


# --- one target value in each sample --------------------------------------------------------

@pytest.mark.parametrize("name", SAMPLES)
def test_one_target_value_changes_one_line(project: Path, name: str) -> None:
    path = project / f"{name}.yaml"
    old_text = path.read_text(encoding="utf-8")
    before = _read(path)
    old_value = before.programme.targets[4].indicators["a"].values[2030]
    new_value = _other_value(old_value)
    snapshot = read_snapshot(path)
    raw = snapshot.text
    own = re.search(r"^  4:\n    a: \{[^}]*2030: [^}]*\}", raw, re.MULTILINE)

    result = write_changes(path, {"targets.4.a.2030": new_value}, snapshot)

    new_text = path.read_text(encoding="utf-8")
    assert result.written and result.text == new_text
    assert result.version == version_of(path.read_bytes())
    removed, added = _changed_lines(old_text, new_text)
    shown = f'"{str(new_value).replace(".", ",")}"'
    if own is not None:  # the province writes its own value: that one line changes
        assert len(removed) == len(added) == 1
        assert added[0] == removed[0].replace(f"2030: {_yaml(old_value)}", f"2030: {shown}")
    else:  # the province uses the national value: its own is added, nothing else moves
        assert removed == []
        assert added[-1].strip() in (f"a: {{2030: {shown}}}", f"4: {{a: {{2030: {shown}}}}}")
        assert len(added) <= 4
    after = _read(path)
    assert after.programme.targets[4].indicators["a"].values[2030] == new_value
    assert after.programme.targets[4].indicators["b"] == before.programme.targets[4].indicators["b"]
    assert result.diff.count("\n+") - result.diff.count("\n+++") == len(added)


def _yaml(value: int | Decimal) -> str:
    return str(value) if isinstance(value, int) else f'"{str(value).replace(".", ",")}"'


@pytest.mark.parametrize("name", SAMPLES)
def test_comments_and_key_order_are_kept(project: Path, name: str) -> None:
    path = project / f"{name}.yaml"
    old_text = path.read_text(encoding="utf-8")
    province = _read(path)
    value = province.programme.targets[1].indicators["a"].values[2030]
    write_changes(path, {"targets.1.2030": _other_value(value),
                         "documents": {kind: {"archive": "VT, KGVX"}
                                       for kind in list(province.documents)[:1]}},
                  read_snapshot(path))
    new_text = path.read_text(encoding="utf-8")

    def comments(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]

    def keys(text: str) -> list[str]:
        return re.findall(r"^(\w[\w-]*):", text, re.MULTILINE)

    assert comments(old_text) == comments(new_text)
    assert [k for k in keys(new_text) if k != "targets"] == \
        [k for k in keys(old_text) if k != "targets"]


def test_a_new_section_goes_where_the_schema_declares_it(project: Path) -> None:
    """Tây Ninh had no targets: they come after signers, before lead_department."""
    path = project / "long-an.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("# Giá trị riêng của tỉnh")
    end = text.index("# Sở, ngành thực hiện")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    write_changes(path, {"targets.3.b.2030": 9}, read_snapshot(path))
    new_text = path.read_text(encoding="utf-8")
    assert "\n\ntargets:\n  3:\n    b: {2030: 9}\n\n# Sở, ngành thực hiện" in new_text
    assert new_text.index("signers:") < new_text.index("targets:") \
        < new_text.index("lead_department:")


# --- what is refused writes nothing ---------------------------------------------------------

def _untouched(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def test_an_invalid_value_is_refused_and_nothing_is_written(project: Path) -> None:
    path = project / "long-an.yaml"
    before = _untouched(path)
    with pytest.raises(ConfigError) as refused:
        write_changes(path, {"targets.4.a.2030": 150}, read_snapshot(path))
    problems = [p for p in refused.value.problems if not p.warning]
    assert [(p.file, p.field) for p in problems] == [(path, "targets.4.a.2030")]
    assert problems[0].message == "tỷ lệ phần trăm phải từ 0 đến 100"
    text = before[0].decode("utf-8")
    line = text[:text.index("\n  4:\n    a: {")].count("\n") + 3
    assert problems[0].mark is not None and problems[0].mark.line == line
    assert _untouched(path) == before
    assert sorted(p.name for p in project.iterdir()) == sorted(
        p.name for p in (ROOT / "provinces").iterdir())  # no temporary or lock file left


def test_a_stale_version_is_refused_with_what_changed(project: Path) -> None:
    path = project / "long-an.yaml"
    snapshot = read_snapshot(path)
    # Someone else saves first: a colleague in another tab, or a text editor.
    other = read_snapshot(path)
    write_changes(path, {"targets.2.2030": 96}, other)
    theirs = _untouched(path)
    with pytest.raises(StaleVersion) as refused:
        write_changes(path, {"targets.2.2030": 97}, snapshot)
    message = str(refused.value)
    assert "đã được sửa" in message and "chưa được ghi" in message
    assert "-  2: {2025: 90, 2030: 95}" in message and "+  2: {2025: 90, 2030: 96}" in message
    assert _untouched(path) == theirs
    # By version alone (a hidden field of a web form) the refusal is the same.
    with pytest.raises(StaleVersion):
        write_changes(path, {"targets.2.2030": 97}, snapshot.version)
    assert _untouched(path) == theirs


def test_an_edit_by_hand_makes_the_version_stale(project: Path) -> None:
    path = project / "tay-ninh.yaml"
    snapshot = read_snapshot(path)
    path.write_text(snapshot.text.replace("name: Tây Ninh", "name: Tây Ninh "),
                    encoding="utf-8")
    with pytest.raises(StaleVersion):
        write_changes(path, {"targets.1.2030": 80}, snapshot)


@pytest.mark.parametrize("changes", [{}, {"targets.4.a.2030": 6}, {"targets.3.a.2025": Decimal(
    "9.5")}, {"documents.ke-hoach.number": None}, {"targets.30.2030": DELETE}],
    ids=["empty", "same-int", "same-decimal", "same-null", "delete-absent"])
def test_a_change_set_that_changes_nothing_writes_no_byte(project: Path,
                                                          changes: dict[str, object]) -> None:
    path = project / "long-an.yaml"
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    before = _untouched(path)
    snapshot = read_snapshot(path)
    result = write_changes(path, changes, snapshot)
    assert not result.written and result.diff == "" and result.version == snapshot.version
    assert _untouched(path) == before


def test_a_change_that_cannot_be_made_writes_nothing(project: Path) -> None:
    path = project / "long-an.yaml"
    before = _untouched(path)
    with pytest.raises(EditError, match="là một giá trị, không phải một bảng"):
        write_changes(path, {"province.name.x": 1}, read_snapshot(path))
    with pytest.raises(EditError, match="đường dẫn"):
        write_changes(path, {"targets..4": 1}, read_snapshot(path))
    assert _untouched(path) == before


# --- the file itself --------------------------------------------------------------------

def test_permissions_and_line_endings_are_kept(project: Path) -> None:
    path = project / "long-an.yaml"
    crlf = path.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(("\ufeff" + crlf).encode("utf-8"))
    path.chmod(0o640)
    write_changes(path, {"targets.4.a.2030": 5, "targets.6.2025": 3,
                         "documents.ke-hoach.recipients[11]": "Ban Dân vận Tỉnh ủy"},
                  read_snapshot(path))
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\n") == data.count(b"\r\n") == crlf.count("\r\n") + 1
    assert (path.stat().st_mode & 0o777) == 0o640
    assert "      - Ban Dân vận Tỉnh ủy\r\n    archive: VT, Thu" in data.decode("utf-8")
    assert _read(path).programme.targets[6].indicators["a"].values == {2025: 3, 2030: 2}


def test_list_items_are_added_and_removed_one_line_each(project: Path) -> None:
    path = project / "long-an.yaml"
    old = path.read_text(encoding="utf-8")
    recipients = list(_read(path).documents["ke-hoach"].recipients)
    recipients.insert(2, "Ban Dân vận Tỉnh ủy")
    recipients.remove("Các PCVP")
    write_changes(path, {"documents.ke-hoach.recipients": recipients}, read_snapshot(path))
    removed, added = _changed_lines(old, path.read_text(encoding="utf-8"))
    assert removed == ["      - Các PCVP"] and added == ["      - Ban Dân vận Tỉnh ủy"]
    assert list(_read(path).documents["ke-hoach"].recipients) == recipients


def test_a_lead_moves_between_departments_in_braces(project: Path) -> None:
    """Tây Ninh writes its departments in braces over two lines: each stays as it is."""
    path = project / "tay-ninh.yaml"
    old = path.read_text(encoding="utf-8")
    departments = _read(path).departments
    first = [d.key for d in departments].index("y-te")
    police = [d.key for d in departments].index("cong-an")
    leads = [n for n in departments[first].leads if n != 4]
    write_changes(path, {f"departments[{first + 1}].leads": leads,
                         f"departments[{police + 1}].leads": [4]}, read_snapshot(path))
    removed, added = _changed_lines(old, path.read_text(encoding="utf-8"))
    assert len(removed) == len(added) == 2
    assert added[0] == removed[0].replace(" 4,", "")
    assert added[1].startswith("  - {id: cong-an,") and "leads: [4]" in added[1]
    after = {d.key: d.leads for d in _read(path).departments}
    assert after["cong-an"] == (4,) and 4 not in after["y-te"]


def test_removing_the_last_value_removes_its_target(project: Path) -> None:
    path = project / "long-an.yaml"
    old = path.read_text(encoding="utf-8")
    write_changes(path, {"targets.6.2030": DELETE}, read_snapshot(path))
    removed, added = _changed_lines(old, path.read_text(encoding="utf-8"))
    assert removed == ["  6: {2030: 2}"] and added == []


# --- sample values (!mau) -----------------------------------------------------------------

SAMPLE_NOTE = "  # MẪU: giá trị quốc gia, thay bằng chỉ tiêu của tỉnh"


def test_a_value_set_in_a_sample_table_loses_its_tag_the_others_keep_it(
        project: Path) -> None:
    path = project / "long-an.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  1: {2025: 80, 2030: 85}\n", f"  1: !mau {{2025: 80, 2030: 85}}"
                                                      f"{SAMPLE_NOTE}\n")
    text = text.replace("    name: Nguyễn Văn A\n", "    name: !mau Nguyễn Văn A  # MẪU: tên\n")
    text = text.replace("    a: {2025: 9, 2030: 6}\n", f"    a: !mau {{2025: 9, 2030: 6}}"
                                                      f"{SAMPLE_NOTE}\n")
    path.write_text(text, encoding="utf-8")
    write_changes(path, {"targets.1.2025": 82, "signers.giam-doc-so.name": "Lê Văn Tám",
                         "targets.4.a": {2025: 8, 2030: 5}}, read_snapshot(path))
    new = path.read_text(encoding="utf-8")
    removed, added = _changed_lines(text, new)
    assert added == ["    name: Lê Văn Tám",
                     f"  1: {{2025: 82, 2030: !mau 85}}{SAMPLE_NOTE}",
                     "    a: {2025: 8, 2030: 5}"]
    assert len(removed) == 3
    province = _read(path)
    target = province.programme.targets[1].indicators["a"]
    assert target.values == {2025: 82, 2030: 85}
    assert {s.field for s in province.samples} >= {"targets.1.2030"}
    assert "targets.1.2025" not in {s.field for s in province.samples}


# --- any valid change reads back as it was written -------------------------------------------

_PERCENT = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False,
                       allow_infinity=False).map(
    lambda d: int(d) if d == d.to_integral_value() else d.normalize())
_SLOTS = [("targets.1.2025", "percent"), ("targets.3.a.2030", "rate"),
          ("targets.4.b.2025", "percent"), ("targets.6.2025", "percent"),
          ("targets.11.a.2030", "rate"), ("targets.13.indicators.a.2030", "percent"),
          ("targets.16.a.2030", "percent"), ("targets.9.2030", "percent")]
_RATE = st.decimals(min_value=0, max_value=999, places=1, allow_nan=False,
                    allow_infinity=False).map(
    lambda d: int(d) if d == d.to_integral_value() else d.normalize())


@st.composite
def _changes(draw: st.DrawFn) -> dict[str, int | Decimal]:
    chosen = draw(st.lists(st.sampled_from(_SLOTS), min_size=1, max_size=4, unique=True))
    return {path: draw(_PERCENT if kind == "percent" else _RATE) for path, kind in chosen}


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=_changes())
def test_random_valid_changes_read_back_as_written(project: Path,
                                                   changes: dict[str, int | Decimal]) -> None:
    path = project / "long-an.yaml"
    original = (ROOT / "provinces" / "long-an.yaml").read_bytes()
    path.write_bytes(original)
    result = write_changes(path, changes, read_snapshot(path))
    targets = _read(path).programme.targets
    for dotted, value in changes.items():
        parts = parse_path(dotted)
        number, year = parts[1], parts[-1]
        key = parts[2] if len(parts) == 4 else parts[3] if len(parts) == 5 else "a"
        assert targets[number].indicators[key].values[year] == value
    removed, added = _changed_lines(original.decode("utf-8"), result.text)
    assert len(removed) <= len(changes) and len(added) <= len(changes)


def test_paths_are_read_as_the_validator_writes_them() -> None:
    assert parse_path("targets.4.a.2030") == ("targets", 4, "a", 2030)
    parsed = parse_path("departments[2].leads")
    assert parsed == ("departments", 1, "leads") and isinstance(parsed[1], Index)
    assert apply_changes("a: [1, 2]\n", {"a[3]": 3}) == "a: [1, 2, 3]\n"


def test_two_saves_of_one_version_at_once_one_wins_the_other_is_refused(
        project: Path) -> None:
    """Two tabs save at the same moment from the same version: one is written, the other
    is told the file changed; neither is lost without a word."""
    path = project / "long-an.yaml"
    snapshot = read_snapshot(path)
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def save(value: int) -> None:
        start.wait()
        try:
            write_changes(path, {"targets.2.2030": value}, snapshot.version)
            outcomes.append(f"ghi {value}")
        except StaleVersion:
            outcomes.append("từ chối")

    threads = [threading.Thread(target=save, args=(value,)) for value in (96, 97)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[1] == "từ chối" and sorted(outcomes)[0].startswith("ghi")
    written = int(sorted(outcomes)[0].split()[1])
    assert _read(path).programme.targets[2].indicators["a"].values[2030] == written


def test_a_folded_text_is_folded_again_at_its_own_width(project: Path) -> None:
    """A ``>-`` text keeps its style and the width its author folded it at."""
    path = project / "long-an.yaml"
    old = path.read_text(encoding="utf-8")
    text = ("Giảm tỷ lệ trẻ em có hoàn cảnh đặc biệt trên tổng số trẻ em xuống dưới {a.2025} "
            "vào năm 2025 và {a.2030} vào năm 2030; {b.2025} trẻ em có hoàn cảnh đặc biệt "
            "được chăm sóc, nuôi dưỡng, trợ giúp vào năm 2025 và {b.2030} đến năm 2030.")
    write_changes(path, {"targets.8.text": text}, read_snapshot(path))
    new = path.read_text(encoding="utf-8")
    removed, added = _changed_lines(old, new)
    assert removed[-1].endswith("duy trì {b.2030} đến năm 2030.")
    assert added[-1].endswith("{b.2030} đến năm 2030.") and len(added) == len(removed)
    assert max(map(len, added)) <= max(map(len, removed))
    assert new.count("    text: >-\n") == old.count("    text: >-\n")
    assert _read(path).programme.targets[8].text == text
