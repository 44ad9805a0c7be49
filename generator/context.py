"""From the validated model to a template context: the texts of one document, nothing more.

Layout (sizes, bold, indents) belongs to the template; this module decides only what is
written: the number line, the date line, the numbered sections, the recipients.
"""

from __future__ import annotations

from typing import Any

from generator.model import DOCUMENT_KINDS, DocumentSettings, Indicator, Province
from generator.plan_body import plan_blocks
from generator.vietnamese import format_date, format_number, format_percent, format_rate

DRAFT_BLANK = "\u00a0" * 6  # room for the number or day the văn thư writes in later


def number_line(settings: DocumentSettings, symbol: str) -> str:
    """``Số: 12/KH-UBND``; a draft keeps the number blank (Phụ lục I, II.3)."""
    if settings.number is None:
        return f"Số:{DRAFT_BLANK}/{symbol}"
    return f"Số: {settings.number:02d}/{symbol}"


def place_date_line(place: str, settings: DocumentSettings) -> str:
    """``Long An, ngày 07 tháng 01 năm 2021``; a draft keeps the day blank (II.4)."""
    issued = settings.date
    if issued.complete is not None:
        return f"{place}, {format_date(issued.complete)}"
    month = f"{issued.month:02d}" if issued.month <= 2 else str(issued.month)
    return f"{place}, ngày{DRAFT_BLANK}tháng {month} năm {issued.year}"


def symbol_of(province: Province, kind: str) -> str:
    """The ký hiệu: type abbreviation then agency abbreviation (Phụ lục III; II.3)."""
    settings = province.documents[kind]
    abbreviation = DOCUMENT_KINDS[kind].abbreviation
    return f"{abbreviation}-{settings.agency.abbreviation}"


def format_value(indicator: Indicator, year: int) -> str:
    """A target value as the plan writes it: 98,5%; 9,5; 250/100.000."""
    value = indicator.values[year]
    if indicator.unit == "percent":
        return format_percent(value)
    if indicator.unit == "per100000":
        return format_rate(value, 100000)
    return format_number(value)


def recipients(settings: DocumentSettings) -> list[str]:
    """Nơi nhận lines: each "- ...;" and the last "- Lưu: VT, ...." (II.9.b)."""
    return [f"- {item};" for item in settings.recipients] + [f"- Lưu: {settings.archive}."]


def signer_lines(settings: DocumentSettings) -> list[str]:
    signer = settings.signer
    return [*signer.authority, *([signer.title] if signer.title else [])]


def build_context(province: Province, kind: str) -> dict[str, Any]:
    """Everything the template of ``kind`` prints for ``province``."""
    settings = province.documents[kind]
    return {
        "agency": {"parent_lines": list(settings.agency.parent_lines),
                   "name_lines": list(settings.agency.name_lines)},
        "number_line": number_line(settings, symbol_of(province, kind)),
        "place_date": place_date_line(province.place, settings),
        "type_name": DOCUMENT_KINDS[kind].type_name,
        "summary": province.programme.summary,
        "body": plan_blocks(province, format_value),
        "recipients": recipients(settings),
        "signer": {"lines": signer_lines(settings), "name": settings.signer.name},
    }
