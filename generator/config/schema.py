"""Every YAML key vanban accepts, declared once: where it lives, its type, whether it is
required, and what it means in Vietnamese.

The readers (config.province, config.shared_content) take the keys a table may hold
from here (``Fields.table`` → ``allowed``), so the validator cannot accept a key this
module does not declare, and ``docs/cau-hinh.md`` is generated from the same entries
(``tools/build_reference.py``). Later readers, a web form or an Excel export, read
``KEYS`` for each key's label and description.

A path is dotted from the top of its file. ``[]`` stands for each item of a list
(``departments[].id``) and ``<...>`` for a name the data chooses (``agencies.<agency>``),
listed in ``PLACEHOLDERS``: some have fixed values (``<year>``: 2025, 2030), the others
are open (any agency id) unless a reader says which names exist (a target's indicators).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from generator.config.yaml_source import Index, PathKey, dotted
from generator.domain.levels import LEVEL_TERMS
from generator.domain.model import DIRECTIONS, DOCUMENT_KINDS, UNITS, YEARS
from generator.domain.units import KINDS

# --- files ---------------------------------------------------------------------------------

PROVINCE = "provinces/<id>.yaml"
PROGRAMME = "provinces/shared/programme.yaml"
ROLES = "provinces/shared/departments.yaml"


def document_file(kind: str) -> str:
    """The shared wording of one document kind."""
    return f"provinces/shared/documents/{kind}.yaml"


# --- types ---------------------------------------------------------------------------------

TABLE, TABLES, TEXT, TEXTS = "table", "tables", "text", "texts"
INTEGER, INTEGERS, NUMBER, DATE = "integer", "integers", "number", "date"
CHOICE, CODE, FILE_NAME, CONTENT = "choice", "code", "file", "content"
BOOLEAN = "boolean"

TYPES: dict[str, str] = {
    TABLE: "bảng",
    TABLES: "danh sách các bảng",
    TEXT: "đoạn chữ",
    TEXTS: "đoạn chữ hoặc danh sách đoạn chữ",
    INTEGER: "số nguyên",
    INTEGERS: "danh sách số nguyên",
    NUMBER: "số (80 hoặc \"9,5\")",
    DATE: "ngày",
    CHOICE: "một giá trị trong danh sách",
    CODE: "mã đã khai báo",
    FILE_NAME: "tên tệp",
    CONTENT: "đoạn chữ, danh sách đoạn chữ hoặc ngày",
    BOOLEAN: "true hoặc false",
}

# --- conditions: keys a table holds only for some document kinds ---------------------------

LETTER, HAS_CONTENT = "letter", "content"
CONDITIONS: dict[str, str] = {
    LETTER: "chỉ với công văn (" + ", ".join(
        k for k, kind in DOCUMENT_KINDS.items() if kind.is_letter) + ")",
    HAS_CONTENT: "chỉ với văn bản có tệp provinces/shared/documents/<kind>.yaml",
}


@dataclass(frozen=True)
class Key:
    """One key of one file."""

    file: str
    path: str
    type: str
    required: bool
    label: str
    description: str
    example: str = ""
    only: str = ""  # a CONDITIONS name: the key exists only for those document kinds
    choices: Mapping[str, str] = field(default_factory=dict)
    default: str = ""
    # A content entry naming other documents: each must give its number and date.
    cites: bool = False

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(re.findall(r"\[\]|[^.\[\]]+", self.path))

    @property
    def name(self) -> str:
        return self.parts[-1]


def _anything(_name: Any, _where: PathKey) -> bool:
    return True


@dataclass(frozen=True)
class Placeholder:
    """A path segment naming whatever the data chooses, and which names it may be."""

    name: str
    label: str
    description: str
    values: tuple[Any, ...] | None = None  # fixed names; None: open, or given by the reader
    accepts: Callable[[Any, PathKey], bool] = _anything


def _is_number(name: Any, _where: PathKey) -> bool:
    return isinstance(name, int) and not isinstance(name, bool)


def _is_entry(name: Any, where: PathKey) -> bool:
    """A content entry the shared file of that document kind declares (``where`` is
    ``documents.<kind>.content``)."""
    kind = where[1] if len(where) > 1 else None
    return isinstance(kind, str) and name in names(document_file(kind), ())


PLACEHOLDERS: dict[str, Placeholder] = {p.name: p for p in (
    Placeholder("<agency>", "Mã cơ quan",
                "mã của một cơ quan ban hành, do tỉnh đặt (ví dụ ubnd, so-ldtbxh)"),
    Placeholder("<signer>", "Mã người ký",
                "mã của một người ký, do tỉnh đặt (ví dụ pct-pham-tan-hoa)"),
    Placeholder("<number>", "Số thứ tự", "số thứ tự của chỉ tiêu hoặc mục tiêu (số nguyên)",
                accepts=_is_number),
    Placeholder("<year>", "Năm", "năm của giá trị chỉ tiêu: "
                + " hoặc ".join(map(str, YEARS)), values=YEARS,
                accepts=lambda name, _where: name in YEARS),
    Placeholder("<result_year>", "Năm báo cáo",
                "năm có số liệu kết quả, trong giai đoạn của Kế hoạch (ví dụ 2023)",
                accepts=_is_number),
    Placeholder("<indicator>", "Tên chỉ số",
                "tên một chỉ số của chỉ tiêu (a, b, c...), như trong "
                "provinces/shared/programme.yaml"),
    Placeholder("<kind>", "Loại văn bản", "mã loại văn bản: " + ", ".join(DOCUMENT_KINDS),
                values=tuple(DOCUMENT_KINDS), accepts=lambda name, _w: name in DOCUMENT_KINDS),
    Placeholder("<entry>", "Tên nội dung",
                "tên một nội dung của văn bản, có trong provinces/shared/documents/<kind>.yaml "
                "(xem mục của từng văn bản bên dưới)", accepts=_is_entry),
    Placeholder("<role>", "Vai trò",
                "tên một vai trò chuẩn của sở, ngành (ví dụ child_affairs, health, justice)"),
)}


# --- the province file ---------------------------------------------------------------------

def _indicator_keys(file: str, prefix: str) -> list[Key]:
    """One indicator of a target, as the shared file declares it and a province replaces it."""
    return [
        Key(file, prefix, TABLE, False, "Chỉ số", "Một chỉ số đo của chỉ tiêu.",
            "a: {label: trẻ em không tảo hôn, unit: percent, direction: increase, 2030: 100}"),
        Key(file, f"{prefix}.label", TEXT, True, "Nội dung chỉ số", "Điều chỉ số đo.",
            "trẻ em không tảo hôn"),
        Key(file, f"{prefix}.unit", CHOICE, True, "Đơn vị",
            "Đơn vị của giá trị, quyết định cách viết số trong câu.", "percent",
            choices=UNITS),
        Key(file, f"{prefix}.direction", CHOICE, True, "Chiều",
            "Chiều mong muốn; năm 2030 kém năm 2025 thì vanban cảnh báo.", "increase",
            choices=DIRECTIONS),
        Key(file, f"{prefix}.<year>", NUMBER, False, "Giá trị năm",
            "Giá trị của chỉ số trong năm đó.", '2030: 100'),
    ]


def _milestone_texts(file: str, prefix: str) -> list[Key]:
    """A target's wording for a period holding one milestone only (domain.periods)."""
    return [Key(file, f"{prefix}.text_{year}", TEXT, False, f"Câu chữ khi chỉ còn mốc {year}",
                f"Câu chữ của chỉ tiêu khi giai đoạn của Kế hoạch chỉ chứa mốc năm {year} "
                f"trong các mốc {', '.join(map(str, YEARS))} (ví dụ Kế hoạch giai đoạn "
                f"{2026 if year == YEARS[-1] else 2021}-{year}); không có thì giai đoạn đó "
                "không dùng được.", f"Tỷ lệ ... đạt {{a.{year}}} vào năm {year}.")
            for year in YEARS]


_P = PROVINCE
_PROVINCE_HEAD: list[Key] = [
    Key(_P, "province", TABLE, True, "Tỉnh", "Tên, cấp và địa danh của tỉnh."),
    Key(_P, "province.name", TEXT, True, "Tên tỉnh",
        "Tên tỉnh, dùng trong câu chữ dưới dạng {province}.", "Long An"),
    Key(_P, "province.place", TEXT, True, "Địa danh",
        'Địa danh trên dòng "..., ngày ... tháng ... năm ..."; viết đủ, không dấu phẩy.',
        "Long An"),
    Key(_P, "province.kind", CHOICE, False, "Tỉnh hay thành phố",
        "Tỉnh hay thành phố trực thuộc trung ương: quyết định mọi từ chỉ cấp tỉnh trong văn "
        "bản ({cap_tinh}, {tinh_uy}, {tinh_doan}, {province_committee}). Không ghi thì lấy "
        "theo name trong bảng 34 đơn vị hành chính (generator/domain/data/units-2025.tsv); "
        "tên không có trong bảng là tinh.", "thanh-pho", choices=KINDS),
    Key(_P, "province.variant", CHOICE, False, "Cách đọc số",
        "Cách đọc số bằng chữ; không ghi là north.", "south",
        choices={"north": "miền Bắc: linh, nghìn", "south": "miền Nam: lẻ, ngàn"},
        default="north"),

    Key(_P, "terms", TABLE, True, "Từ ngữ của tỉnh",
        "Từ ngữ riêng của tỉnh mà câu chữ chung dùng dưới dạng {tên}."),
    Key(_P, "terms.province_committee", TEXT, False, "Cách gọi UBND tỉnh",
        "Cách gọi UBND tỉnh trong câu: {province_committee}; không ghi là \"UBND {cap_tinh}\".",
        "UBND tỉnh"),
    Key(_P, "terms.local_committees", TEXT, True, "Cách gọi UBND cấp dưới",
        "Cách gọi UBND cấp dưới trong câu: {local_committees}.",
        "UBND các huyện, thị xã, thành phố"),
    Key(_P, "terms.commune_units", TEXT, True, "Đơn vị cấp xã",
        "Các đơn vị hành chính cấp xã: {commune_units}.", "xã, phường, thị trấn"),
    Key(_P, "terms.ministry", TEXT, True, "Bộ quản lý",
        "Bộ quản lý công tác trẻ em: {ministry}.", "Bộ Lao động - Thương binh và Xã hội"),
    *(Key(_P, f"terms.{name}", TEXT, False, f"{tinh} / {city}",
          f'{what} Không ghi thì theo province.kind: "{tinh}" hoặc "{city}".', city)
      for name, (what, tinh, city) in LEVEL_TERMS.items()),
    Key(_P, "terms.report_day", TEXT, False, "Ngày báo cáo",
        "Ngày báo cáo hằng năm: {report_day}; không ghi thì lấy terms.report_day của "
        "provinces/shared/programme.yaml.", "15/12"),

    Key(_P, "agencies", TABLE, True, "Cơ quan ban hành",
        "Các cơ quan ban hành văn bản, theo mã do tỉnh đặt."),
    Key(_P, "agencies.<agency>", TABLE, False, "Cơ quan",
        "Một cơ quan, in ở góc trái đầu văn bản."),
    Key(_P, "agencies.<agency>.name", TEXTS, True, "Tên cơ quan",
        "Tên cơ quan in hoa, mỗi phần tử một dòng.", "[ỦY BAN NHÂN DÂN, TỈNH LONG AN]"),
    Key(_P, "agencies.<agency>.abbreviation", TEXT, True, "Chữ viết tắt",
        "Chữ viết tắt trong ký hiệu văn bản (KH-UBND), không có dấu cách.", "UBND"),
    Key(_P, "agencies.<agency>.in_text", TEXT, True, "Tên trong câu",
        "Tên cơ quan viết trong câu: {issuer}.", "Ủy ban nhân dân tỉnh Long An"),
    Key(_P, "agencies.<agency>.parent", TEXTS, False, "Cơ quan chủ quản",
        "Tên cơ quan chủ quản in hoa, trên tên cơ quan; mỗi phần tử một dòng.",
        "UBND TỈNH LONG AN"),

    Key(_P, "signers", TABLE, True, "Người ký", "Những người ký, theo mã do tỉnh đặt."),
    Key(_P, "signers.<signer>", TABLE, False, "Người ký",
        "Một người ký; cần title hoặc authority."),
    Key(_P, "signers.<signer>.authority", TEXTS, False, "Quyền hạn ký",
        "Quyền hạn ký in hoa, chỉ TM., KT., Q., TL., TUQ.; mỗi phần tử một dòng.",
        "[TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH]"),
    Key(_P, "signers.<signer>.title", TEXT, False, "Chức vụ", "Chức vụ người ký, in hoa.",
        "PHÓ CHỦ TỊCH"),
    Key(_P, "signers.<signer>.name", TEXT, True, "Họ và tên",
        "Họ và tên người ký, không ghi học hàm, học vị.", "Phạm Tấn Hòa"),

    Key(_P, "targets", TABLE, False, "Chỉ tiêu của tỉnh",
        "Giá trị riêng của tỉnh cho các chỉ tiêu; chỉ tiêu không ghi lấy giá trị quốc gia."),
    Key(_P, "targets.<number>", TABLE, False, "Chỉ tiêu",
        "Một chỉ tiêu, theo số trong provinces/shared/programme.yaml.",
        "1: {2025: 80, 2030: 85}"),
    Key(_P, "targets.<number>.text", TEXT, False, "Câu chữ riêng",
        "Câu chữ riêng của chỉ tiêu thay câu chữ chung; {a.2025} là giá trị năm 2025 "
        "của chỉ số a.", "Tỷ lệ ... đạt {a.2025} vào năm 2025."),
    *_milestone_texts(_P, "targets.<number>"),
    Key(_P, "targets.<number>.indicators", TABLE, False, "Chỉ số riêng",
        "Thay toàn bộ các chỉ số của chỉ tiêu, thường đi cùng text."),
    *_indicator_keys(_P, "targets.<number>.indicators.<indicator>"),
    Key(_P, "targets.<number>.<year>", NUMBER, False, "Giá trị năm",
        "Giá trị năm đó của chỉ tiêu có một chỉ số.", '2025: "9,5"'),
    Key(_P, "targets.<number>.<indicator>", TABLE, False, "Giá trị một chỉ số",
        "Giá trị các năm của một chỉ số, khi chỉ tiêu có nhiều chỉ số.",
        'a: {2025: "9,5", 2030: 9}'),
    Key(_P, "targets.<number>.<indicator>.<year>", NUMBER, False, "Giá trị năm",
        "Giá trị của chỉ số đó trong năm đó.", "2030: 9"),

    Key(_P, "results", TABLE, False, "Kết quả thực hiện",
        "Số liệu kết quả các năm của từng chỉ tiêu, để lập Báo cáo kết quả (bao-cao). Năm "
        "chưa có số liệu thì không ghi: báo cáo in \"chưa có số liệu\".",
        '4: {a: {2023: "8,7", 2024: "8,5"}, source: Báo cáo số 45/BC-SYT của Sở Y tế}'),
    Key(_P, "results.<number>", TABLE, False, "Kết quả một chỉ tiêu",
        "Kết quả của một chỉ tiêu, theo số trong provinces/shared/programme.yaml; cùng cách "
        "ghi như targets: năm trực tiếp khi chỉ tiêu có một chỉ số, theo chỉ số khi có nhiều.",
        '1: {2023: 81, 2024: "82,5"}'),
    Key(_P, "results.<number>.source", TEXT, False, "Nguồn số liệu",
        "Nguồn số liệu của mọi năm (báo cáo nào, của sở nào); không ghi thì là báo cáo của sở "
        "chủ trì chỉ tiêu (departments[].leads).", "Báo cáo số 45/BC-SYT của Sở Y tế"),
    Key(_P, "results.<number>.sources", TABLE, False, "Nguồn số liệu từng năm",
        "Nguồn riêng của một năm, thay source cho năm đó.",
        "{2024: Báo cáo số 112/BC-SYT ngày 10/12/2024 của Sở Y tế}"),
    Key(_P, "results.<number>.sources.<result_year>", TEXT, False, "Nguồn số liệu năm",
        "Nguồn số liệu của năm đó.", "2024: Báo cáo số 112/BC-SYT của Sở Y tế"),
    Key(_P, "results.<number>.<result_year>", NUMBER, False, "Kết quả năm",
        "Kết quả năm đó của chỉ tiêu có một chỉ số, cùng đơn vị với chỉ tiêu; tỷ lệ phần trăm "
        "từ 0 đến 100; năm phải trong giai đoạn của Kế hoạch.", '2023: "82,5"'),
    Key(_P, "results.<number>.<indicator>", TABLE, False, "Kết quả một chỉ số",
        "Kết quả các năm của một chỉ số, khi chỉ tiêu có nhiều chỉ số.",
        'a: {2023: "9,8", 2024: "9,6"}'),
    Key(_P, "results.<number>.<indicator>.<result_year>", NUMBER, False, "Kết quả năm",
        "Kết quả của chỉ số đó trong năm đó.", '2024: "9,6"'),

    Key(_P, "lead_department", CODE, True, "Sở chủ trì",
        "Mã (id) của sở chủ trì công tác trẻ em, trong departments; sở đó phải có name.",
        "ldtbxh"),
    Key(_P, "departments", TABLES, True, "Sở, ngành",
        'Các sở, ngành thực hiện Kế hoạch, theo thứ tự trong mục "Tổ chức thực hiện".'),
    Key(_P, "departments[]", TABLE, False, "Sở, ngành",
        "Một sở, ngành; cần tasks hoặc roles."),
    Key(_P, "departments[].id", TEXT, True, "Mã sở", "Mã của sở, không trùng sở khác.",
        "y-te"),
    Key(_P, "departments[].name", TEXT, False, "Tên sở",
        "Tên sở; không ghi thì cả mục là một câu, in sau số thứ tự.", "Sở Y tế"),
    Key(_P, "departments[].leads", INTEGERS, False, "Chỉ tiêu chủ trì",
        "Các chỉ tiêu sở chủ trì; mỗi chỉ tiêu do đúng một sở chủ trì.", "[3, 4, 5, 6]"),
    Key(_P, "departments[].tasks", TEXTS, False, "Nhiệm vụ riêng",
        "Nhiệm vụ riêng của sở, thay nhiệm vụ chuẩn của roles; {lead} là câu giao chỉ tiêu "
        "(lead_sentence).", '["{lead}.", Thực hiện các giải pháp ...]'),
    Key(_P, "departments[].notify", BOOLEAN, False, "Có trong Nơi nhận",
        "false: cố ý không ghi sở, ngành này vào Nơi nhận của Kế hoạch. Không ghi thì vanban "
        "đòi mọi cơ quan được giao nhiệm vụ có trong Nơi nhận.", "false"),
    Key(_P, "departments[].roles", TEXTS, False, "Vai trò chuẩn",
        "Vai trò trong provinces/shared/departments.yaml: sở nhận nhiệm vụ chuẩn của các vai "
        "trò đó, theo thứ tự (bỏ qua khi có tasks).", "[child_affairs, health]"),

    Key(_P, "documents", TABLE, True, "Văn bản",
        "Các văn bản sinh cho tỉnh, theo loại; ít nhất một văn bản."),
    Key(_P, "documents.<kind>", TABLE, False, "Văn bản", "Thông tin ban hành của một văn bản."),
    Key(_P, "documents.<kind>.agency", CODE, True, "Cơ quan ban hành",
        "Mã cơ quan ban hành, trong agencies.", "ubnd"),
    Key(_P, "documents.<kind>.number", INTEGER, False, "Số văn bản",
        "Số văn bản; để trống (~) khi là bản dự thảo.", "15"),
    Key(_P, "documents.<kind>.date", DATE, True, "Ngày ban hành",
        "Ngày năm-tháng-ngày; bản dự thảo chưa có ngày: năm-tháng hoặc chỉ năm.",
        "2021-03-28"),
    Key(_P, "documents.<kind>.signer", CODE, True, "Người ký", "Mã người ký, trong signers.",
        "pct-pham-tan-hoa"),
    Key(_P, "documents.<kind>.recipients", TEXTS, True, "Nơi nhận",
        'Nơi nhận, mỗi phần tử một dòng (dấu ";" và "." do vanban thêm).',
        "[Thường trực Tỉnh ủy, Các sở, ngành tỉnh]"),
    Key(_P, "documents.<kind>.archive", TEXT, True, "Lưu",
        'Dòng lưu "VT, ..." (vanban thêm "- Lưu:" và dấu chấm).', "VT, Thu"),
    Key(_P, "documents.<kind>.addressees", TEXTS, True, "Kính gửi",
        "Nơi nhận ở dòng Kính gửi, ít nhất một.", "[Các sở, ban, ngành tỉnh]", only=LETTER),
    Key(_P, "documents.<kind>.unit", TEXT, True, "Đơn vị soạn thảo",
        "Đơn vị soạn thảo trong ký hiệu công văn (SLĐTBXH-TE), không có dấu cách.", "TE",
        only=LETTER),
    Key(_P, "documents.<kind>.template", FILE_NAME, False, "Mẫu riêng",
        "Tên tệp mẫu .docx riêng của tỉnh trong thư mục templates/ (chỉ tên tệp).",
        "ke-hoach-long-an.docx"),
    Key(_P, "documents.<kind>.content", TABLE, False, "Nội dung riêng",
        "Nội dung riêng của tỉnh cho văn bản: thay câu chữ chung, và ghi các nội dung tệp "
        "chung để ~.", only=HAS_CONTENT),
    Key(_P, "documents.<kind>.content.<entry>", CONTENT, False, "Một nội dung",
        "Thay nội dung cùng tên của provinces/shared/documents/<kind>.yaml; bắt buộc khi tệp "
        "chung để ~.", "contact_phone: 0272.3000.000"),

    Key(_P, "programme", TABLE, False, "Phần chung ghi đè",
        "Mỗi mục ghi ở đây thay cả mục cùng tên của provinces/shared/programme.yaml."),
]

# --- the shared programme ------------------------------------------------------------------

# Titles: the province may choose where a line ends (compose.context.title_lines).
_LINE_BREAK = (' Dấu "|" ngắt dòng tại chỗ đó; không có thì vanban tự ngắt dòng trước một cụm '
               'từ ("giai đoạn", "trên địa bàn", "của"), không giữa một từ như "Chính phủ".')

_S = PROGRAMME
_PROGRAMME: list[Key] = [
    Key(_S, "summary", TEXT, True, "Trích yếu Kế hoạch",
        'Trích yếu của Kế hoạch, sau chữ "KẾ HOẠCH".' + _LINE_BREAK,
        "Thực hiện Chương trình hành động vì trẻ em giai đoạn 2021-2030 trên địa bàn tỉnh"),
    Key(_S, "opening", TEXT, True, "Mở đầu", "Đoạn mở đầu của Kế hoạch."),
    Key(_S, "general_goal", TEXT, True, "Mục tiêu chung", "Đoạn mục tiêu chung."),
    Key(_S, "lead_sentence", TEXT, True, "Câu giao chỉ tiêu",
        'Câu giao chỉ tiêu cho sở chủ trì; {targets} là "chỉ tiêu 14" hoặc "các chỉ tiêu '
        '3, 4, 5, 6". Trong nhiệm vụ của sở, {lead} là câu này.'),
    Key(_S, "reporting", TEXT, True, "Chế độ báo cáo", "Đoạn của mục chế độ báo cáo."),
    Key(_S, "closing", TEXT, True, "Kết", "Đoạn kết của Kế hoạch."),
    Key(_S, "headings", TABLE, True, "Tên các mục", "Tên các mục của Kế hoạch."),
    Key(_S, "headings.goals", TEXT, True, "Mục mục tiêu", "Tên mục mục tiêu.", "MỤC TIÊU"),
    Key(_S, "headings.general_goal", TEXT, True, "Mục mục tiêu chung",
        "Tên tiểu mục mục tiêu chung.", "Mục tiêu chung"),
    Key(_S, "headings.specific_goals", TEXT, True, "Mục mục tiêu cụ thể",
        "Tên tiểu mục mục tiêu cụ thể.", "Mục tiêu cụ thể"),
    Key(_S, "headings.tasks", TEXT, True, "Mục nhiệm vụ", "Tên mục nhiệm vụ và giải pháp.",
        "NHIỆM VỤ VÀ GIẢI PHÁP"),
    Key(_S, "headings.funding", TEXT, True, "Mục kinh phí", "Tên mục kinh phí.", "KINH PHÍ"),
    Key(_S, "headings.organisation", TEXT, True, "Mục tổ chức thực hiện",
        "Tên mục tổ chức thực hiện.", "TỔ CHỨC THỰC HIỆN"),
    Key(_S, "headings.reporting", TEXT, True, "Mục báo cáo", "Tên mục chế độ báo cáo.",
        "CHẾ ĐỘ BÁO CÁO"),
    Key(_S, "goals", TABLE, True, "Mục tiêu cụ thể", "Các nhóm mục tiêu cụ thể, theo số."),
    Key(_S, "goals.<number>", TEXT, False, "Nhóm mục tiêu", "Tên một nhóm mục tiêu.",
        "2: Về bảo vệ trẻ em"),
    Key(_S, "task_groups", TABLES, True, "Nhóm nhiệm vụ",
        "Các nhóm nhiệm vụ và giải pháp, theo thứ tự."),
    Key(_S, "task_groups[]", TABLE, False, "Nhóm nhiệm vụ", "Một nhóm nhiệm vụ."),
    Key(_S, "task_groups[].title", TEXT, True, "Tên nhóm", "Tên nhóm nhiệm vụ."),
    Key(_S, "task_groups[].items", TEXTS, True, "Các nhiệm vụ",
        "Các nhiệm vụ của nhóm, mỗi phần tử một đoạn."),
    Key(_S, "funding", TEXTS, True, "Kinh phí", "Các đoạn của mục kinh phí."),
    Key(_S, "targets", TABLE, True, "Chỉ tiêu", "Các chỉ tiêu quốc gia, theo số."),
    Key(_S, "targets.<number>", TABLE, False, "Chỉ tiêu", "Một chỉ tiêu."),
    Key(_S, "targets.<number>.goal", INTEGER, True, "Thuộc mục tiêu",
        "Số của nhóm mục tiêu (trong goals) mà chỉ tiêu thuộc về.", "1"),
    Key(_S, "targets.<number>.text", TEXT, True, "Câu chữ",
        "Câu chữ của chỉ tiêu; {a.2025} là giá trị năm 2025 của chỉ số a, viết kiểu Việt "
        "Nam (9,5; 98,5%).", "Tỷ lệ ... đạt {a.2025} vào năm 2025 và {a.2030} vào năm 2030."),
    *_milestone_texts(_S, "targets.<number>"),
    Key(_S, "targets.<number>.indicators", TABLE, True, "Chỉ số",
        "Các chỉ số của chỉ tiêu, theo tên (a, b, c)."),
    *_indicator_keys(_S, "targets.<number>.indicators.<indicator>"),
    Key(_S, "terms", TABLE, True, "Từ ngữ mặc định",
        "Từ ngữ mặc định; tỉnh ghi lại trong terms của mình nếu khác."),
    Key(_S, "terms.report_day", TEXT, False, "Ngày báo cáo",
        "Ngày báo cáo hằng năm: {report_day}.", "15/12"),
]

# What a province may replace under ``programme``: the shared file's parts but the
# targets (overridden value by value under ``targets``) and the terms (under ``terms``).
_OVERRIDABLE: list[Key] = [
    Key(PROVINCE, f"programme.{key.path}", key.type, key.required and len(key.parts) > 1,
        key.label, key.description, key.example)
    for key in _PROGRAMME if key.parts[0] not in ("targets", "terms")
] + [
    Key(PROVINCE, "programme.period", INTEGERS, False, "Giai đoạn của Kế hoạch",
        "Năm đầu và năm cuối của Kế hoạch, trong 2021-2030. Không ghi thì theo ngày ban hành "
        "của từng văn bản: 2021-2030 trước 01/7/2025, từ năm ban hành đến 2030 sau ngày đó. "
        "Chỉ tiêu in các mốc (2025, 2030) nằm trong giai đoạn; câu chữ dùng {period}, "
        "{period_start}, {period_end}, {review_year} (sơ kết), {baseline_year}.",
        "[2026, 2030]"),
]

# --- the shared roles and document wording -------------------------------------------------

_ROLES: list[Key] = [
    Key(ROLES, "<role>", TEXTS, False, "Nhiệm vụ chuẩn",
        "Nhiệm vụ chuẩn của một vai trò; {lead} là câu giao chỉ tiêu, các {tên} khác là từ "
        "ngữ của tỉnh.", 'health: ["{lead}.", Thực hiện các giải pháp ...]'),
]


# Content entries that name other documents: each must give its number, symbol and date
# (Phụ lục I, II.6.b), and a draft is never cited as issued.
_CITING = ("province_letter", "plans_in_force", "guidance_documents", "national_guidance",
           "plan_reference")
_CITES = (" Mỗi văn bản được dẫn ghi đủ loại, số, ký hiệu, ngày và cơ quan ban hành; chưa có "
          "thì đánh dấu !mau.")


def _document(kind: str, *rows: tuple[Any, ...]) -> list[Key]:
    """A kind's content entries: (name, type, required, label, description[, example])."""
    return [Key(document_file(kind), name, type_, required, label,
                description.replace("{kind}", kind) + (_CITES if name in _CITING else ""),
                *example, cites=name in _CITING)
            for name, type_, required, label, description, *example in rows]


_SUPPLIED = " Tệp chung để ~: tỉnh ghi trong documents.{kind}.content."

_DOCUMENTS: list[Key] = [
    *_document(
        "quyet-dinh-ban-hanh",
        ("summary", TEXT, True, "Trích yếu", 'Trích yếu, sau chữ "QUYẾT ĐỊNH".' + _LINE_BREAK),
        ("authority", TEXT, True, "Thẩm quyền ban hành", "Thẩm quyền ban hành, in hoa dưới "
         "trích yếu.", "Ủy ban nhân dân tỉnh {province}"),
        ("bases", TEXTS, True, "Căn cứ", 'Căn cứ ban hành, mỗi dòng một văn bản mở đầu bằng '
         '"Căn cứ" (dấu ";" do vanban thêm).'),
        ("proposal", TEXT, True, "Đề nghị", "Dòng đề nghị sau các căn cứ.",
         "Theo đề nghị của Giám đốc {lead_department}."),
        ("articles", TEXTS, True, "Các điều", "Nội dung các Điều, mỗi phần tử một Điều."),
        ("annex_title", TEXT, True, "Tên Phụ lục", "Tên Phụ lục phân công.",
         "Phân công nhiệm vụ, chỉ tiêu thực hiện Kế hoạch"),
        ("annex_partners", TEXT, True, "Đơn vị phối hợp",
         "Cột đơn vị phối hợp của Phụ lục.", "Các sở, ngành, {local_committees}"),
        ("annex_period", TEXT, True, "Thời gian", "Cột thời gian thực hiện của Phụ lục.",
         "2021-2030"),
    ),
    *_document(
        "cong-van-trien-khai",
        ("subject", TEXT, True, "Trích yếu", 'Trích yếu nội dung, sau "V/v".' + _LINE_BREAK),
        ("province_letter", TEXT, False, "Văn bản của UBND tỉnh",
         "Văn bản của UBND tỉnh chỉ đạo thực hiện Chỉ thị." + _SUPPLIED,
         "Văn bản số 2125/UBND-KGVX ngày 14/7/2020"),
        ("addressee_phrase", TEXT, False, "Cơ quan được đề nghị",
         "Các cơ quan được đề nghị, viết liền trong câu." + _SUPPLIED),
        ("plans_in_force", TEXTS, False, "Kế hoạch còn hiệu lực",
         "Các chương trình, kế hoạch của UBND tỉnh còn hiệu lực." + _SUPPLIED),
        ("guidance_documents", TEXTS, False, "Văn bản hướng dẫn",
         "Các văn bản chỉ đạo, hướng dẫn công tác trẻ em của năm." + _SUPPLIED),
        ("opening", TEXT, True, "Mở đầu", "Đoạn mở đầu."),
        ("request", TEXT, True, "Đề nghị", "Câu đề nghị trước các việc."),
        ("items", TEXTS, True, "Các việc", "Các việc đề nghị, đánh số 1, 2, 3..."),
        ("closing", TEXT, True, "Kết", "Đoạn kết."),
    ),
    *_document(
        "cong-van-xay-dung-ke-hoach",
        ("subject", TEXT, True, "Trích yếu", 'Trích yếu nội dung, sau "V/v".' + _LINE_BREAK),
        ("contact_unit", TEXT, False, "Đơn vị đầu mối",
         "Đơn vị đầu mối nhận kế hoạch." + _SUPPLIED, "Phòng Bảo vệ, chăm sóc trẻ em"),
        ("contact_address", TEXT, False, "Địa chỉ đầu mối",
         "Địa chỉ của đơn vị đầu mối." + _SUPPLIED),
        ("contact_phone", TEXT, False, "Điện thoại đầu mối",
         "Số điện thoại của đơn vị đầu mối." + _SUPPLIED, "0272.3000.000"),
        ("contact_email", TEXT, False, "Thư điện tử đầu mối",
         "Địa chỉ thư điện tử của đơn vị đầu mối." + _SUPPLIED),
        ("deadline", DATE, False, "Hạn gửi", "Hạn gửi kế hoạch." + _SUPPLIED, "2021-05-07"),
        ("opening", TEXT, True, "Mở đầu", "Đoạn mở đầu."),
        ("request", TEXT, True, "Đề nghị", "Câu đề nghị trước các yêu cầu."),
        ("requirements", TEXTS, True, "Các yêu cầu", "Các yêu cầu, đánh số 1, 2, 3..."),
        ("submission", TEXT, True, "Gửi kế hoạch", "Đoạn về nơi và hạn gửi kế hoạch."),
        ("thanks", TEXT, True, "Cảm ơn", "Câu cuối.", "Trân trọng cảm ơn./."),
    ),
    *_document(
        "huong-dan-nam",
        ("subject", TEXT, True, "Trích yếu",
         'Trích yếu nội dung, sau "V/v"; {year} là năm của văn bản.' + _LINE_BREAK),
        ("national_guidance", TEXT, False, "Hướng dẫn của Bộ",
         "Văn bản hướng dẫn của Bộ cho năm đó." + _SUPPLIED),
        ("first_report", TEXT, False, "Hạn báo cáo lần 1", "Hạn báo cáo thứ nhất (ngày/tháng).",
         "25/5"),
        ("second_report", TEXT, False, "Hạn báo cáo lần 2",
         "Hạn báo cáo thứ hai (ngày/tháng).", "20/11"),
        ("opening", TEXT, True, "Mở đầu", "Đoạn mở đầu."),
        ("tasks_heading", TEXT, True, "Mục nhiệm vụ", "Tên mục 1.", "Nhiệm vụ trọng tâm"),
        ("key_tasks", TEXTS, True, "Nhiệm vụ trọng tâm", "Các nhiệm vụ, mỗi phần tử một đoạn."),
        ("priorities_heading", TEXT, True, "Mục ưu tiên", "Tên mục 2.", "Ưu tiên nguồn lực"),
        ("priorities_intro", TEXT, True, "Dẫn mục ưu tiên", "Câu dẫn trước các nhóm ưu tiên."),
        ("priority_groups", TEXTS, True, "Nhóm ưu tiên", "Các nhóm trẻ em được ưu tiên.",
         "[trẻ em có hoàn cảnh đặc biệt, trẻ em dân tộc thiểu số]"),
        ("reporting_heading", TEXT, True, "Mục báo cáo", "Tên mục 3.",
         "Chế độ thông tin, báo cáo"),
        ("reporting", TEXT, True, "Báo cáo", "Đoạn chế độ báo cáo."),
        ("closing", TEXT, True, "Kết", "Câu kết."),
    ),
]
_DOCUMENTS += _document(
    "bao-cao",
    ("summary", TEXT, True, "Trích yếu", 'Trích yếu, sau chữ "BÁO CÁO"; {year} là năm của '
     "văn bản, cũng là năm được báo cáo. Báo cáo sơ kết, tổng kết ghi trích yếu riêng."
     + _LINE_BREAK),
    ("plan_reference", TEXT, False, "Kế hoạch được báo cáo",
     "Kế hoạch của tỉnh mà báo cáo này báo cáo kết quả." + _SUPPLIED,
     "Kế hoạch số 45/KH-UBND ngày 28/3/2021 của UBND tỉnh"),
    ("opening", TEXT, True, "Mở đầu", "Đoạn mở đầu."),
    ("results_heading", TEXT, True, "Mục kết quả", "Tên mục I.",
     "Kết quả thực hiện các chỉ tiêu"),
    ("results_intro", TEXT, True, "Dẫn mục kết quả",
     "Câu dẫn trước đánh giá từng mục tiêu (đánh giá do vanban viết từ results)."),
    ("goal_chart_caption", TEXT, True, "Chú thích biểu đồ mục tiêu",
     'Chú thích dưới biểu đồ của mỗi mục tiêu, sau "Biểu đồ 1."; {goal} là số của mục '
     "tiêu.", "Kết quả các chỉ tiêu của mục tiêu {goal} qua các năm so với mục tiêu của "
     "Kế hoạch"),
    ("overview_heading", TEXT, True, "Mục đánh giá chung", "Tên mục II.", "Đánh giá chung"),
    ("overview_chart_caption", TEXT, True, "Chú thích biểu đồ chung",
     "Chú thích dưới biểu đồ số chỉ tiêu đạt, vượt, chưa đạt.",
     "Số chỉ tiêu đạt, vượt, chưa đạt năm {year}"),
    ("next_heading", TEXT, True, "Mục phương hướng", "Tên mục III.",
     "Phương hướng, nhiệm vụ thời gian tới"),
    ("next_tasks", TEXTS, True, "Phương hướng, nhiệm vụ", "Các nhiệm vụ, mỗi phần tử một "
     "đoạn."),
    ("closing", TEXT, True, "Kết", "Đoạn kết."),
    ("annex_title", TEXT, True, "Tên Phụ lục", "Tên Phụ lục kết quả các chỉ tiêu.",
     "Kết quả thực hiện các chỉ tiêu năm {year}"),
)
KEYS: tuple[Key, ...] = (*_PROVINCE_HEAD, *_OVERRIDABLE, *_PROGRAMME, *_ROLES, *_DOCUMENTS)


@dataclass(frozen=True)
class File:
    """One kind of YAML file: a title and what it holds, for the reference and forms."""

    path: str
    title: str
    description: str


_WORDING = ("Câu chữ dùng được {tên}: các từ ngữ của tỉnh (terms, {province}, "
            "{lead_department}, các từ chỉ cấp tỉnh {cap_tinh}, {tinh_uy}, {tinh_doan}), "
            "{issuer} (cơ quan ban hành), {year} (năm văn bản) và các "
            "nội dung khác của cùng tệp. Giá trị ~ là nội dung tỉnh phải ghi trong "
            "documents.{kind}.content; một dòng bắt buộc vẫn phải có mặt dù giá trị là ~.")

# The files in the order of the reference.
FILES: tuple[File, ...] = (
    File(PROVINCE, "Tệp của một tỉnh",
         "Những gì riêng của tỉnh; tên tệp (không có .yaml) là mã tỉnh và tên thư mục kết "
         "quả. Phần chung lấy từ provinces/shared/, tỉnh chỉ ghi những gì khác."),
    File(PROGRAMME, "Nội dung chung của Kế hoạch",
         "Mục tiêu, chỉ tiêu quốc gia và câu chữ chung của Kế hoạch, dùng cho mọi tỉnh. Trong "
         "câu chữ, {tên} là từ ngữ của tỉnh (terms); tỉnh thay một mục bằng programme.<mục> "
         "và giá trị chỉ tiêu bằng targets trong tệp của mình."),
    File(ROLES, "Nhiệm vụ chuẩn của các sở, ngành",
         "Mỗi vai trò một danh sách nhiệm vụ; một sở trong tệp tỉnh ghi roles: [tên vai trò] "
         "để nhận các nhiệm vụ đó thay vì chép lại."),
    *(File(document_file(kind), f"Câu chữ chung của văn bản {kind}",
           _WORDING.replace("{kind}", kind))
      for kind in DOCUMENT_KINDS if any(k.file == document_file(kind) for k in KEYS)),
)

_CHILDREN: dict[tuple[str, tuple[str, ...]], list[Key]] = {}
for _key in KEYS:
    _CHILDREN.setdefault((_key.file, _key.parts[:-1]), []).append(_key)


# --- lookups -------------------------------------------------------------------------------

class Allowed(NamedTuple):
    """The keys a table may hold, as ``Fields.mapping`` takes them."""

    required: list[Any]
    optional: list[Any]
    open_keys: bool


def key(file: str, path: str) -> Key:
    """The declaration of one key, by its path."""
    for entry in KEYS:
        if entry.file == file and entry.path == path:
            return entry
    raise LookupError(f"{file}: {path} is not declared in the schema")


def children(file: str, parts: tuple[str, ...]) -> list[Key]:
    """The keys declared directly under the path ``parts`` (() for the top of the file)."""
    return _CHILDREN.get((file, parts), [])


def names(file: str, parts: tuple[str, ...]) -> list[str]:
    """The fixed names declared directly under ``parts``, in declaration order."""
    return [k.name for k in children(file, parts) if k.name not in PLACEHOLDERS
            and k.name != "[]"]


def _child(file: str, parts: tuple[str, ...], name: Any, where: PathKey) -> Key | None:
    """The declaration that a key ``name`` found at ``where`` (pattern ``parts``) matches:
    a fixed name first, then the placeholders in declaration order."""
    found = children(file, parts)
    if isinstance(name, Index):
        return next((k for k in found if k.name == "[]"), None)
    for entry in found:
        if entry.name == name and entry.name not in PLACEHOLDERS:
            return entry
    for entry in found:
        holder = PLACEHOLDERS.get(entry.name)
        if holder is not None and holder.accepts(name, where):
            return entry
    return None


def describe(file: str, where: PathKey) -> Key | None:
    """The declaration of the key at ``where`` in a file of kind ``file``, or None."""
    parts: tuple[str, ...] = ()
    entry = None
    for depth, name in enumerate(where):
        entry = _child(file, parts, name, where[:depth])
        if entry is None:
            return None
        parts = entry.parts
    return entry


def allowed(file: str, where: PathKey, *, only: Iterable[str] = (),
            **given: Iterable[Any]) -> Allowed:
    """The keys the table at ``where`` may hold.

    ``only`` names the CONDITIONS that hold for this table (a công văn); ``given`` the
    names an open placeholder has here (``indicator=["a", "b"]``), kept only when the
    placeholder accepts them. A placeholder with neither fixed nor given names leaves
    the table open (any agency id).
    """
    table = describe(file, where) if where else None
    if where and table is None:
        raise LookupError(f"{file}: {dotted(where)} is not declared in the schema")
    parts = table.parts if table else ()
    conditions = set(only)
    required: list[Any] = []
    optional: list[Any] = []
    open_keys = False
    for entry in children(file, parts):
        if entry.only and entry.only not in conditions:
            continue
        holder = PLACEHOLDERS.get(entry.name)
        if holder is None:
            values: list[Any] = [entry.name]
        elif holder.values is not None:
            values = list(holder.values)
        elif holder.name[1:-1] in given:
            values = [v for v in given.pop(holder.name[1:-1]) if holder.accepts(v, where)]
        else:
            open_keys = True
            continue
        (required if entry.required else optional).extend(values)
    if given:
        raise TypeError(f"{file}: {dotted(where)} has no placeholder for {sorted(given)}")
    return Allowed(required, optional, open_keys)
