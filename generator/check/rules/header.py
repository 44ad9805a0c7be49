"""The header, ô 1–4: Quốc hiệu and Tiêu ngữ, the agency, "Số:" and ký hiệu, place and date."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.paragraphs import Line
from generator.check.reader import DocumentFacts
from generator.check.rules.common import (
    LOC_AGENCY,
    LOC_DATE,
    LOC_QH,
    LOC_SO,
    PL1,
    all_on,
    any_on,
    line_issue,
    rule_length_issue,
    size_issue,
    style_words,
)
from generator.check.rules.registry import WARNING, Issue, rule
from generator.domain.decree30 import ABBREVIATED_PLACE, DOC_TYPES, is_upper

# ===================================================================== ô 1: Quốc hiệu, Tiêu ngữ

QUOC_HIEU = {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"}
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


@rule("quoc-hieu.missing", f"{PL1}, II.1.a", "Thiếu Quốc hiệu ở đầu trang thứ nhất")
def check_qh_missing(facts: DocumentFacts) -> Iterator[Issue]:
    if facts.anatomy.quoc_hieu is None:
        yield Issue(
            LOC_QH, "không thấy dòng Quốc hiệu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", position=0
        )


@rule("quoc-hieu.text", f"{PL1}, II.1.a", "Quốc hiệu viết đúng, bằng chữ in hoa")
def check_qh_text(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.quoc_hieu
    if line is not None and re.sub(r"\s+", " ", line.text).strip() not in QUOC_HIEU:
        yield line_issue(line, LOC_QH, line.text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")


@rule("quoc-hieu.size", f"{PL1}, II.1.a", "Quốc hiệu cỡ chữ 12 đến 13")
def check_qh_size(facts: DocumentFacts) -> Iterator[Issue]:
    yield from size_issue(facts.anatomy.quoc_hieu, LOC_QH, 12, 13)


@rule("quoc-hieu.style", f"{PL1}, II.1.a", "Quốc hiệu kiểu chữ đứng, đậm")
def check_qh_style(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.quoc_hieu
    if line is not None and (not all_on(line, "bold") or any_on(line, "italic")):
        yield line_issue(line, LOC_QH, style_words(line), "đứng, đậm")


@rule("tieu-ngu.missing", f"{PL1}, II.1.b", "Thiếu Tiêu ngữ dưới Quốc hiệu")
def check_tn_missing(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    if anat.tieu_ngu is None and anat.quoc_hieu is not None:
        yield line_issue(anat.quoc_hieu, LOC_QH, "không thấy dòng Tiêu ngữ", TIEU_NGU)


@rule(
    "tieu-ngu.text",
    f"{PL1}, II.1.b",
    "Tiêu ngữ viết đúng: chữ in thường, viết hoa chữ đầu cụm từ, gạch nối có cách chữ",
)
def check_tn_text(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.tieu_ngu
    if line is not None and _as_printed(line.text) != TIEU_NGU:
        yield line_issue(line, LOC_QH, line.text.strip(), TIEU_NGU)


def _as_printed(text: str) -> str:
    """The motto as a reader sees it: a run of spaces prints as one gap. (An en dash "–",
    which Word's AutoFormat types for " - ", is not the hyphen the decree writes.)"""
    return re.sub(r"\s+", " ", text).strip()


@rule("tieu-ngu.size", f"{PL1}, II.1.b", "Tiêu ngữ cỡ chữ 13 đến 14")
def check_tn_size(facts: DocumentFacts) -> Iterator[Issue]:
    yield from size_issue(facts.anatomy.tieu_ngu, LOC_QH, 13, 14)


@rule("tieu-ngu.style", f"{PL1}, II.1.b", "Tiêu ngữ kiểu chữ đứng, đậm")
def check_tn_style(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.tieu_ngu
    if line is None:
        return
    if not all_on(line, "bold") or any_on(line, "italic"):
        yield line_issue(line, LOC_QH, style_words(line), "đứng, đậm")


@rule("tieu-ngu.rule", f"{PL1}, II.1.b", "Dưới Tiêu ngữ phải có đường kẻ ngang, nét liền")
def check_tn_rule(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    if anat.tieu_ngu is not None and not anat.tieu_ngu_rule:
        yield line_issue(
            anat.tieu_ngu,
            LOC_QH,
            "không có đường kẻ dưới Tiêu ngữ",
            "đường kẻ ngang nét liền, dài bằng dòng chữ",
        )


@rule(
    "tieu-ngu.rule-length",
    f"{PL1}, II.1.b",
    "Đường kẻ dưới Tiêu ngữ dài bằng dòng chữ",
    WARNING,
)
def check_tn_rule_length(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    lines = [anat.tieu_ngu] if anat.tieu_ngu else []
    yield from rule_length_issue(
        anat.tieu_ngu_rule, lines, LOC_QH, 0.8, 1.25, "bằng độ dài dòng chữ"
    )


# ================================================================================== ô 2: agency


@rule("agency.missing", f"{PL1}, II.2", "Thiếu tên cơ quan, tổ chức ban hành văn bản")
def check_agency_missing(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    if not anat.agency and (anat.quoc_hieu is not None or anat.so is not None):
        yield Issue(
            LOC_AGENCY,
            "không thấy tên cơ quan ở góc trên bên trái",
            "tên cơ quan ban hành, chữ in hoa",
            position=0,
        )


@rule("agency.case", f"{PL1}, II.2.b", "Tên cơ quan trình bày bằng chữ in hoa")
def check_agency_case(facts: DocumentFacts) -> Iterator[Issue]:
    for line in facts.anatomy.agency:
        if not is_upper(line.text):
            yield line_issue(line, LOC_AGENCY, line.text, line.text.upper())


@rule("agency.size", f"{PL1}, II.2.b", "Tên cơ quan cỡ chữ 12 đến 13")
def check_agency_size(facts: DocumentFacts) -> Iterator[Issue]:
    for line in facts.anatomy.agency:
        yield from size_issue(line, LOC_AGENCY, 12, 13)


@rule(
    "agency.style",
    f"{PL1}, II.2.b",
    "Tên cơ quan ban hành in đậm; tên cơ quan chủ quản không đậm; kiểu chữ đứng",
)
def check_agency_style(facts: DocumentFacts) -> Iterator[Issue]:
    agency = facts.anatomy.agency
    if not agency:
        return
    for line in agency:
        if any_on(line, "italic"):
            yield line_issue(line, LOC_AGENCY, style_words(line), "đứng")
    if not all_on(agency[-1], "bold"):
        yield line_issue(
            agency[-1], LOC_AGENCY, style_words(agency[-1]), "đứng, đậm (cơ quan ban hành)"
        )
        return
    seen_bold = False
    for line in agency:
        if all_on(line, "bold"):
            seen_bold = True
        elif seen_bold:
            yield line_issue(line, LOC_AGENCY, style_words(line), "đứng, đậm (cơ quan ban hành)")


@rule("agency.rule", f"{PL1}, II.2.b", "Dưới tên cơ quan ban hành phải có đường kẻ ngang, nét liền")
def check_agency_rule(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    if anat.agency and not anat.agency_rule:
        yield line_issue(
            anat.agency[-1],
            LOC_AGENCY,
            "không có đường kẻ dưới tên cơ quan",
            "đường kẻ ngang nét liền, dài 1/3 đến 1/2 dòng chữ",
        )


def issuing_lines(agency: list[Line]) -> list[Line]:
    """The issuing agency's own lines: the bold lines (the last line when none is bold)."""
    bold = [ln for ln in agency if all_on(ln, "bold")]
    return bold or agency[-1:]


@rule(
    "agency.rule-length",
    f"{PL1}, II.2.b",
    "Đường kẻ dưới tên cơ quan dài từ 1/3 đến 1/2 dòng chữ",
    WARNING,
)
def check_agency_rule_length(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    yield from rule_length_issue(
        anat.agency_rule, issuing_lines(anat.agency), LOC_AGENCY, 0.28, 0.6, "1/3 đến 1/2 dòng chữ"
    )


# ============================================================================= ô 3: Số, ký hiệu

SO_STRICT = re.compile(
    r"^Số:\s*(?P<num>\d+|[\s._…]*)/(?P<sym>[0-9A-Za-zĐđ&]+(?:-[0-9A-Za-zĐđ&]+)+)$"
)


@rule("so.missing", f"{PL1}, II.3", "Thiếu số, ký hiệu của văn bản")
def check_so_missing(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    if anat.so is None and (anat.quoc_hieu is not None or anat.agency):
        yield Issue(LOC_SO, 'không thấy dòng "Số:"', "Số: NN/ABC-XYZ", position=0)


@rule(
    "so.format",
    f"{PL1}, II.3.c",
    'Số, ký hiệu viết "Số: NN/ABC-XYZ": sau "Số" có dấu hai chấm, giữa số và ký hiệu có gạch chéo, '
    "giữa các nhóm chữ có gạch nối, không cách chữ",
)
def check_so_format(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.so
    if line is not None and not SO_STRICT.match(line.text.strip()):
        yield line_issue(
            line, LOC_SO, line.text.strip(), "Số: 15/QĐ-BNV (bản thảo: Số:      /QĐ-BNV)"
        )


@rule("so.number-zero", f"{PL1}, II.3.c", "Số nhỏ hơn 10 phải ghi thêm số 0 phía trước")
def check_so_zero(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.so
    if line is None:
        return
    match = re.match(r"^Số\s*:?\s*(\d+)\s*/", line.text.strip(), re.IGNORECASE)
    if match and len(match.group(1)) < 2:
        yield line_issue(line, LOC_SO, f"số {match.group(1)}", f"số 0{match.group(1)}")


@rule("so.size", f"{PL1}, II.3.c", "Số, ký hiệu cỡ chữ 13")
def check_so_size(facts: DocumentFacts) -> Iterator[Issue]:
    yield from size_issue(facts.anatomy.so, LOC_SO, 13, 13)


@rule("so.style", f"{PL1}, II.3.c", "Số, ký hiệu kiểu chữ đứng, không đậm")
def check_so_style(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.so
    if line is not None and (any_on(line, "italic") or any_on(line, "bold")):
        yield line_issue(line, LOC_SO, style_words(line), "đứng, không đậm")


def symbol_of(line: Line | None) -> str | None:
    """The ký hiệu part of a "Số:" line (after the first slash)."""
    if line is None or "/" not in line.text:
        return None
    return line.text.split("/", 1)[1].strip()


TYPE_ABBREVIATIONS = set(DOC_TYPES.values())


@rule(
    "kyhieu.type",
    f"{PL1}, II.3.b; Phụ lục III",
    "Ký hiệu phải mở đầu bằng chữ viết tắt tên loại văn bản (công văn: không có chữ viết tắt tên "
    "loại)",
)
def check_kyhieu_type(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    symbol = symbol_of(anat.so)
    if anat.so is None or not symbol:
        return
    head = re.split(r"[-\s]", symbol)[0]
    if not re.search(r"[A-Za-zĐđ]", head):
        return  # a placeholder ("…3...") in a draft or a sample: nothing to compare yet
    if anat.doc_type is not None:
        want = DOC_TYPES[anat.doc_type]
        if head != want:
            yield line_issue(
                anat.so,
                LOC_SO,
                f"{head} (tên loại: {anat.doc_type})",
                f"{want}-… cho {anat.doc_type}",
            )
    elif anat.title is None and anat.vv and (head in TYPE_ABBREVIATIONS or head.upper() == "CV"):
        yield line_issue(
            anat.so,
            LOC_SO,
            f"{head} trong ký hiệu công văn",
            "chữ viết tắt tên cơ quan - đơn vị soạn thảo (vd. 05/BNV-VP)",
        )


# ==================================================================== ô 4: địa danh, ngày tháng

# Words and numbers are separated by at least one space ("tháng 4năm" is a typing slip); a
# draft leaves the day (or month) blank with spaces or dots.
_SEP = r"(?:\s+|(?=[._…]))"  # after a word: a space, or straight into a dotted blank
_DATE = re.compile(
    rf"^(?P<place>[^,]+?)\s*,\s*ngày{_SEP}(?P<day>\d+|[\s._…]*)\s*(?<=\s|[._…])tháng{_SEP}"
    rf"(?P<month>\d+|[\s._…]*)\s*(?<=\s|[._…])năm{_SEP}(?P<year>\d{{4}}|[\s._…]*)\s*$"
)


def date_parts(line: Line | None) -> re.Match[str] | None:
    return _DATE.match(line.text.strip()) if line is not None else None


@rule("date.missing", f"{PL1}, II.4", "Thiếu địa danh và thời gian ban hành văn bản")
def check_date_missing(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    if anat.date is None and anat.doc_type != "BIÊN BẢN" and (anat.quoc_hieu or anat.so):
        yield Issue(
            LOC_DATE,
            "không thấy dòng địa danh, ngày tháng năm",
            "Hà Nội, ngày 05 tháng 01 năm 2020",
            position=0,
        )


@rule(
    "date.format",
    f"{PL1}, II.4.b-c",
    'Địa danh, ngày tháng năm viết "Địa danh, ngày DD tháng MM năm YYYY", chữ đầu địa danh viết '
    "hoa",
)
def check_date_format(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.date
    if line is None:
        return
    match = date_parts(line)
    bad = match is None or not match.group("place")[:1].isupper()
    if match is not None and not bad:
        for part, hi in (("day", 31), ("month", 12)):
            value = match.group(part)
            if value.isdigit() and not 1 <= int(value) <= hi:
                bad = True
    if bad:
        yield line_issue(line, LOC_DATE, line.text.strip(), "Hà Nội, ngày 05 tháng 01 năm 2020")


@rule("date.day-zero", f"{PL1}, II.4.b", "Ngày nhỏ hơn 10 phải ghi thêm số 0 phía trước")
def check_date_day(facts: DocumentFacts) -> Iterator[Issue]:
    match = date_parts(facts.anatomy.date)
    if match is None or facts.anatomy.date is None:
        return
    day = match.group("day")
    if day.isdigit() and len(day) == 1:
        yield line_issue(facts.anatomy.date, LOC_DATE, f"ngày {day}", f"ngày 0{day}")


@rule(
    "date.month-zero",
    f"{PL1}, II.4.b",
    "Chỉ tháng 1, 2 ghi thêm số 0 (tháng 01, 02); tháng 3 đến 12 không có số 0 phía trước",
)
def check_date_month(facts: DocumentFacts) -> Iterator[Issue]:
    match = date_parts(facts.anatomy.date)
    if match is None or facts.anatomy.date is None:
        return
    month = match.group("month")
    if not month.isdigit() or not 1 <= int(month) <= 12:
        return
    want = f"{int(month):02d}" if int(month) <= 2 else str(int(month))
    if month != want:
        yield line_issue(facts.anatomy.date, LOC_DATE, f"tháng {month}", f"tháng {want}")


@rule(
    "date.place-name",
    f"{PL1}, II.4.a",
    'Địa danh ghi tên gọi chính thức, đầy đủ (vd. "Thành phố Hồ Chí Minh", không viết tắt "TP. '
    'HCM")',
)
def check_date_place(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.date
    if line is None:
        return
    place = line.text.split(",")[0]
    if ABBREVIATED_PLACE.search(place):
        full = (
            "Thành phố Hồ Chí Minh"
            if "HCM" in place.upper() or "HỒ CHÍ MINH" in place.upper()
            else "tên đầy đủ của đơn vị hành chính"
        )
        yield line_issue(line, LOC_DATE, place.strip(), full)


@rule("date.size", f"{PL1}, II.4.c", "Địa danh, ngày tháng năm cỡ chữ 13 đến 14")
def check_date_size(facts: DocumentFacts) -> Iterator[Issue]:
    yield from size_issue(facts.anatomy.date, LOC_DATE, 13, 14)


@rule("date.style", f"{PL1}, II.4.c", "Địa danh, ngày tháng năm kiểu chữ nghiêng, không đậm")
def check_date_style(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.date
    if line is not None and (not all_on(line, "italic") or any_on(line, "bold")):
        yield line_issue(line, LOC_DATE, style_words(line), "nghiêng, không đậm")
