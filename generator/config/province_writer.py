"""Writing the file of a new province (``vanban new``): ready to build, its samples marked.

Everything the unit table knows is written as fact: the official name, tỉnh or thành
phố, the place on the date line, the agencies, the departments of the 2025 structure
with their standard roles, xã/phường/đặc khu and the usual recipients. What only the
province knows (who signs, numbers and dates, contacts, its own target values) is
written as a sample and marked so: ``sample_line`` is the one place that marks it.

The file is assembled as data (tables, lists, values wrapped in ``Sample``, ``Note`` or
``Flow``), written as YAML text with comments, and read back to check that the text says
exactly what the data does: a quoting mistake cannot reach the user.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from generator.config.yaml_source import load
from generator.domain.levels import level_terms
from generator.domain.model import IssueDate
from generator.domain.periods import default_period
from generator.domain.units import KINDS, Unit
from generator.domain.vietnamese import format_date, upper

SAMPLE_WORD = "MẪU"
SAMPLE_TAG = "!mau"  # read by config.yaml_source: the value is sample data
WIDTH = 96

# Units of Nam Bộ (Đông Nam Bộ and the Mekong delta), which read numbers the southern way
# ("lẻ", "ngàn"): province.variant.
SOUTHERN = frozenset({"75", "79", "80", "82", "86", "91", "92", "96"})


@dataclass(frozen=True)
class Sample:
    """A value only the province can know, written as an example to replace."""

    value: Any
    reason: str


@dataclass(frozen=True)
class Note:
    """Comment lines written above a key or a list item."""

    text: str
    value: Any


@dataclass(frozen=True)
class Flow:
    """A short table or list written on one line: ``{2025: 65, 2030: 75}``."""

    value: Any


def sample_line(lead: str, value: str, reason: str) -> str:
    """The line of a sample value (``lead`` is "key:" or "-", indented): tagged for
    vanban, explained for the reader. The one place the mark is made."""
    return f"{lead} {SAMPLE_TAG} {value}  # {SAMPLE_WORD}: {reason}"


# --- the content -------------------------------------------------------------------------


def _names(unit: Unit) -> dict[str, str]:
    """The words of this unit that the file repeats."""
    level = level_terms(unit.kind, level_in_name=unit.level_in_name)
    communes = "xã, phường, đặc khu" if unit.special_zones else "xã, phường"
    return {**level, "communes": communes, "local": f"UBND các {communes}",
            "upper": upper(unit.name), "full": f"{level['cap_tinh']} {unit.short}"}


def _header(unit: Unit, today: date) -> list[str]:
    """The paragraphs of the comment at the top of the file."""
    words = _names(unit)
    formed = (" (không sáp nhập)" if len(unit.former) == 1 else
              ", hợp nhất từ " + ", ".join(f"{f.name} (mã cũ {f.code})" for f in unit.former))
    below = (f"các xã, phường và {unit.special_zones} đặc khu" if unit.special_zones
             else "các xã, phường")
    return [
        f"{unit.name}, mã {unit.code}: {KINDS[unit.kind]} từ ngày 01/7/2025{formed}.",
        f"Chính quyền hai cấp (Nghị quyết số 202/2025/QH15): dưới {words['cap_tinh']} là "
        f"{below}; công tác trẻ em do Sở Y tế chủ trì (Nghị định số "
        "45/2025/NĐ-CP); báo chí, xuất bản thuộc Sở Văn hóa, Thể thao và Du lịch, chuyển đổi "
        "số thuộc Sở Khoa học và Công nghệ.",
        f"Tệp do lệnh vanban new viết ngày {format_date(today, style='short')} từ bảng 34 đơn "
        "vị hành chính (generator/domain/data/units-2025.tsv); phần chung ở provinces/shared/.",
        f'Dòng có chú thích "# {SAMPLE_WORD}: ..." là giá trị mẫu chỉ tỉnh biết (người ký, số, '
        "ngày, đầu mối, chỉ tiêu riêng): thay bằng giá trị thật trước khi trình ký.",
    ]


def national_targets(shared: Path) -> dict[int, dict[str, dict[int, Any]]]:
    """The national values of each target's indicators, from the shared programme file."""
    data = load(shared / "programme.yaml").data
    targets = data.get("targets") if isinstance(data, dict) else None
    values: dict[int, dict[str, dict[int, Any]]] = {}
    for number, target in (targets or {}).items():
        indicators = target.get("indicators") if isinstance(target, dict) else None
        if not isinstance(number, int) or not isinstance(indicators, dict):
            continue  # a broken shared file is reported when the province is read
        values[number] = {str(name): {year: _written(value) for year, value in spec.items()
                                      if isinstance(year, int)}
                          for name, spec in indicators.items() if isinstance(spec, dict)}
    return values


def _written(value: Any) -> Any:
    """A target value as a province file writes it: 80, or "9,5" for a decimal."""
    return format(value, "f").replace(".", ",") if isinstance(value, Decimal) else value


def _targets(national: dict[int, dict[str, dict[int, Any]]]) -> dict[int, Any]:
    reason = "giá trị quốc gia, thay bằng chỉ tiêu của tỉnh"
    result: dict[int, Any] = {}
    for number, indicators in national.items():
        if len(indicators) == 1:
            result[number] = Sample(Flow(next(iter(indicators.values()))), reason)
        else:
            result[number] = {name: Sample(Flow(values), reason)
                              for name, values in indicators.items()}
    return result


def _departments(words: Mapping[str, str]) -> list[Any]:
    rows = [
        {"id": "y-te", "name": "Sở Y tế", "roles": ["child_affairs", "health"],
         "leads": [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 22, 23, 24]},
        {"id": "tu-phap", "name": "Sở Tư pháp", "roles": ["justice"], "leads": [14]},
        {"id": "giao-duc", "name": "Sở Giáo dục và Đào tạo", "roles": ["education"],
         "leads": [7, 15, 16, 17, 18, 19, 20]},
        {"id": "van-hoa", "name": "Sở Văn hóa, Thể thao và Du lịch",
         "roles": ["culture", "press"], "leads": [13, 21]},
        {"id": "cong-an", "name": f"Công an {words['cap_tinh']}", "roles": ["police"]},
        {"id": "khoa-hoc", "name": "Sở Khoa học và Công nghệ", "roles": ["digital"]},
        {"id": "tai-chinh", "name": "Sở Tài chính", "roles": ["finance"]},
        {"id": "mat-tran", "roles": ["front"]},
        {"id": "so-nganh", "name": f"Các sở, ban, ngành {words['cap_tinh']}",
         "roles": ["departments"]},
        {"id": "ubnd-xa", "name": words["local"], "roles": ["local"]},
    ]
    return [{key: Flow(value) if isinstance(value, list) else value
             for key, value in row.items()} for row in rows]


def _documents(unit: Unit, words: Mapping[str, str], today: date) -> dict[str, Any]:
    cap, year = words["cap_tinh"], today.year
    when = Sample(f"{year}-{today.month:02d}", "tháng ban hành dự kiến; ghi đủ ngày khi ban hành")
    draft = "Bản dự thảo: chưa có số. Khi ban hành ghi 'number' và ngày đủ năm-tháng-ngày."
    office = Sample("VT, KGVX", "đơn vị lưu của Văn phòng UBND")
    unit_code = Sample("BTXH", "ký hiệu phòng soạn thảo của Sở Y tế")
    kept = Sample("VT, BTXH", "đơn vị lưu của Sở Y tế")
    top = ["Bộ Y tế (Cục Bà mẹ và Trẻ em)", f"Thường trực {words['tinh_uy']}",
           f"Thường trực HĐND {cap}", f"CT, các PCT UBND {cap}"]
    addressees = [f"Ủy ban Mặt trận Tổ quốc Việt Nam {cap}", f"Các sở, ban, ngành {cap}",
                  words["local"]]
    letter = {"agency": "so-y-te", "unit": unit_code, "number": Note(draft, None),
              "date": when, "signer": "pgd-so-y-te"}
    to_committee = [f"UBND {cap} (để báo cáo)", "Giám đốc Sở"]
    period = default_period(IssueDate(year, today.month))
    plan = (f"Kế hoạch số 01/KH-UBND ngày 15/01/{year} thực hiện Chương trình hành động vì "
            f"trẻ em giai đoạn {period} trên địa bàn {words['full']}")
    guidance = f"Hướng dẫn của Bộ Y tế về công tác trẻ em năm {year}"
    deadline = (date(year, today.month, 1) + timedelta(days=62)).replace(day=1) \
        - timedelta(days=1)
    return {
        "ke-hoach": {
            "agency": "ubnd", "number": Note(draft, None), "date": when, "signer": "pct",
            "recipients": [*top, f"UBMTTQ Việt Nam {cap}", f"Các sở, ban, ngành {cap}",
                           f"Công an {cap}", words["local"]],
            "archive": office},
        "quyet-dinh-ban-hanh": {
            "agency": "ubnd", "number": Note(draft, None), "date": when, "signer": "pct",
            "recipients": top, "archive": office,
            "content": {"bases": [
                "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 "
                "năm 2025",
                "Căn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016",
                "Căn cứ Quyết định số 23/QĐ-TTg ngày 07 tháng 01 năm 2021 của Thủ tướng Chính "
                "phủ phê duyệt Chương trình hành động quốc gia vì trẻ em giai đoạn 2021-2030",
            ]}},
        "cong-van-trien-khai": {
            **letter, "addressees": addressees, "recipients": to_committee, "archive": kept,
            "content": {
                "province_letter": Sample(f"Văn bản số 01/UBND-KGVX ngày 05/01/{year}",
                                          "văn bản của UBND chỉ đạo thực hiện Chỉ thị"),
                "addressee_phrase": f"Ủy ban Mặt trận Tổ quốc Việt Nam {cap}; các sở, ban, "
                                    f"ngành {cap} và {words['local']}",
                "plans_in_force": [Sample(plan, "kế hoạch đang thực hiện, số và ngày thật")],
                "guidance_documents": [Sample(guidance, "số và ngày văn bản của Bộ")]}},
        "cong-van-xay-dung-ke-hoach": {
            **letter, "addressees": addressees[1:], "recipients": to_committee,
            "archive": kept,
            "content": {
                "contact_unit": Sample("Phòng Bảo trợ xã hội, Trẻ em và Phòng, chống tệ nạn "
                                       "xã hội", "tên phòng đầu mối của Sở Y tế"),
                "contact_address": Sample(f"Sở Y tế {words['full']}", "địa chỉ đầu mối"),
                "contact_phone": Sample("0000.000.000", "điện thoại đầu mối"),
                "contact_email": Sample(f"syt@{unit.id.replace('-', '')}.gov.vn",
                                        "thư điện tử đầu mối"),
                "deadline": Sample(deadline, "hạn gửi kế hoạch")}},
        "huong-dan-nam": {
            **letter, "addressees": addressees[1:], "recipients": to_committee,
            "archive": kept,
            "content": {"national_guidance": Sample(guidance, "số và ngày văn bản của Bộ")}},
    }


def _parent(unit: Unit, words: Mapping[str, str]) -> Any:
    """The parent agency line of a Sở: "UBND TỈNH X" on one line; for a city whose place is
    written in full (Thành phố Hồ Chí Minh) the date line widens the header's right column,
    and the narrower left one holds it as "ỦY BAN NHÂN DÂN / THÀNH PHỐ ...", as that city's
    own documents write it (issue 11)."""
    if unit.level_in_name:
        return Flow(["ỦY BAN NHÂN DÂN", words["upper"]])
    return f"UBND {words['upper']}"


def province_data(unit: Unit, national: dict[int, dict[str, dict[int, Any]]],
                  today: date) -> dict[str, Any]:
    """The new province's file as data, samples and comments included."""
    words = _names(unit)
    cap = words["cap_tinh"]
    signer = "họ tên người ký"
    return {
        "province": {"name": unit.short, "kind": unit.kind, "place": unit.place,
                     "variant": Note("Cách đọc số bằng chữ: north (linh, nghìn) hoặc south "
                                     "(lẻ, ngàn).",
                                     "south" if unit.code in SOUTHERN else "north")},
        "terms": Note(
            f"{{province_committee}} là \"UBND {cap}\"; {{cap_tinh}} \"{cap}\", {{tinh_uy}} "
            f"\"{words['tinh_uy']}\", {{tinh_doan}} \"{words['tinh_doan']}\" theo "
            "province.kind.",
            {"local_committees": words["local"], "commune_units": words["communes"],
             "ministry": "Bộ Y tế"}),
        "agencies": {
            "ubnd": {"name": Flow(["ỦY BAN NHÂN DÂN", words["upper"]]), "abbreviation": "UBND",
                     "in_text": f"Ủy ban nhân dân {words['full']}"},
            "so-y-te": {"parent": _parent(unit, words), "name": "SỞ Y TẾ",
                        "abbreviation": "SYT", "in_text": "Sở Y tế"},
        },
        "signers": {
            "pct": {"authority": Flow(["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]),
                    "title": "PHÓ CHỦ TỊCH", "name": Sample("Nguyễn Văn A", signer)},
            "pgd-so-y-te": {"authority": Flow(["KT. GIÁM ĐỐC"]), "title": "PHÓ GIÁM ĐỐC",
                            "name": Sample("Trần Thị B", signer)},
        },
        "targets": Note("Chỉ tiêu của tỉnh; đang ghi giá trị quốc gia (provinces/shared/"
                        "programme.yaml).", _targets(national)),
        "lead_department": "y-te",
        "departments": Note("Các sở, ngành theo thứ tự trong mục Tổ chức thực hiện; roles là "
                            "nhiệm vụ chuẩn (provinces/shared/departments.yaml), leads là các "
                            "chỉ tiêu sở chủ trì.", _departments(words)),
        "documents": _documents(unit, words, today),
    }


# --- the text ----------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """The value the YAML text must read back as."""
    if isinstance(value, (Sample, Note, Flow)):
        return _plain(value.value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


class _Reader(yaml.SafeLoader):
    """The safe loader, reading a value tagged ``!mau`` as if it had no tag."""


def _untagged(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    tag = loader.resolve(yaml.ScalarNode, node.value, (True, False))
    return loader.yaml_constructors[tag](loader, node)


_Reader.add_constructor(SAMPLE_TAG, _untagged)

_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")


def _scalar(value: Any, *, flow: bool = False) -> str:
    """One value as YAML: plain when it reads back the same, else double-quoted."""
    if value is None:
        return "~"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, date)):
        return value.isoformat() if isinstance(value, date) else str(value)
    text = str(value)
    safe = (text == text.strip() and not (flow and _FLOW_UNSAFE.search(text))
            and ": " not in text and " #" not in text and not text.startswith(("- ", "#")))
    try:
        safe = safe and yaml.safe_load(text) == text
    except yaml.YAMLError:
        safe = False
    return text if safe else json.dumps(text, ensure_ascii=False)


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(k, flow=True)}: {_inline(v)}"
                               for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    return _scalar(value, flow=True)


def _comment(text: str, pad: str) -> list[str]:
    return [f"{pad}# {line}" for line in textwrap.wrap(text, WIDTH - len(pad) - 2)]


class _Writer:
    """YAML text, block style, a value per line, comments kept."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def value(self, lead: str, value: Any, pad: str) -> None:
        """``lead`` is "key:" or "-"; the value follows it on the line or below it."""
        reason = None
        if isinstance(value, Note):
            self.lines.extend(_comment(value.text, pad))
            value = value.value
        if isinstance(value, Sample):
            reason, value = value.reason, value.value
        if isinstance(value, dict) and value and lead == "-" and reason is None:
            start = len(self.lines)  # a table in a list: its first key on the dash line
            for key, item in value.items():
                self.value(f"{_scalar(key)}:", item, pad + "  ")
            self.lines[start] = f"{pad}- {self.lines[start][len(pad) + 2:]}"
        elif isinstance(value, (dict, list)) and value:
            if reason is not None:  # a sample table or list is written on one line
                self._line(pad + lead, _inline(value), reason)
                return
            self.lines.append(pad + lead)
            for key, item in (value.items() if isinstance(value, dict) else
                              (("-", item) for item in value)):
                self.value(key if key == "-" else f"{_scalar(key)}:", item, pad + "  ")
        elif isinstance(value, Flow):
            self._line(pad + lead, _inline(value.value), reason)
        else:
            self._text(lead, value, pad, reason)

    def _text(self, lead: str, value: Any, pad: str, reason: str | None) -> None:
        text = _scalar(value)
        if len(pad) + len(lead) + 1 + len(text) <= WIDTH or not isinstance(value, str):
            self._line(pad + lead, text, reason)
            return
        inner = pad + "  "
        wrapped = textwrap.wrap(value, WIDTH - len(inner), break_long_words=False,
                                break_on_hyphens=False)
        if any(line.startswith(("-", "#")) for line in wrapped):
            self._line(pad + lead, text, reason)  # one long line rather than a lookalike
            return
        self._line(pad + lead, ">-", reason)
        self.lines.extend(inner + line for line in wrapped)

    def _line(self, lead: str, value: str, reason: str | None) -> None:
        self.lines.append(sample_line(lead, value, reason) if reason else f"{lead} {value}")


def province_yaml(unit: Unit, national: dict[int, dict[str, dict[int, Any]]],
                  today: date) -> str:
    """The YAML text of a new province file for ``unit``."""
    data = province_data(unit, national, today)
    writer = _Writer()
    for paragraph in _header(unit, today):
        writer.lines.extend(_comment(paragraph, ""))
    for key, value in data.items():
        writer.lines.append("")
        writer.value(f"{key}:", value, "")
    text = "\n".join(writer.lines) + "\n"
    if yaml.load(text, Loader=_Reader) != _plain(data):
        raise AssertionError(f"vanban new: tệp viết ra cho {unit.name} không đọc lại đúng")
    return text


def sample_count(text: str) -> int:
    """How many lines of a written file carry the sample mark."""
    return sum(f" {SAMPLE_TAG} " in line for line in text.splitlines())
