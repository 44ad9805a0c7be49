"""From the validated model to a template context: the texts of one document, nothing more.

Layout (sizes, bold, indents) belongs to the template; this module decides only what is
written: the number line, the date line, the numbered sections, the recipients.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.compose.content import Content
from generator.compose.letter_body import annual_guidance, directive_letter, planning_letter
from generator.compose.plan_body import plan_blocks, plan_summary, target_texts
from generator.compose.report_body import report_context
from generator.domain.model import DOCUMENT_KINDS, DocumentSettings, Indicator, Province
from generator.domain.samples import marked
from generator.domain.vietnamese import format_date, format_number, format_percent, format_rate

DRAFT_BLANK = "\u00a0" * 6  # room for the number or day the văn thư writes in later


def number_and_symbol(settings: DocumentSettings) -> str:
    """``12/KH-UBND``; a draft keeps the number blank (Phụ lục I, II.3)."""
    if settings.number is None:
        return f"{DRAFT_BLANK}/{symbol_of(settings)}"
    return f"{settings.number:02d}/{symbol_of(settings)}"


def number_line(settings: DocumentSettings) -> str:
    """``Số: 12/KH-UBND``, or ``Số:      /KH-UBND`` for a draft."""
    number = number_and_symbol(settings)
    return f"Số:{number}" if settings.number is None else f"Số: {number}"


def date_phrase(settings: DocumentSettings) -> str:
    """``ngày 07 tháng 01 năm 2021``; a draft leaves the day (or day and month) blank."""
    issued = settings.date
    if issued.complete is not None:
        return format_date(issued.complete)
    if issued.month is None:
        return f"ngày{DRAFT_BLANK}tháng{DRAFT_BLANK}năm {issued.year}"
    month = f"{issued.month:02d}" if issued.month <= 2 else str(issued.month)
    return f"ngày{DRAFT_BLANK}tháng {month} năm {issued.year}"


def symbol_of(settings: DocumentSettings) -> str:
    """The ký hiệu (II.3): KH-UBND for a typed document, SLĐTBXH-BVCSTE for a công văn."""
    kind = DOCUMENT_KINDS[settings.kind]
    if kind.abbreviation is None:
        return f"{settings.agency.abbreviation}-{settings.unit}"
    return f"{kind.abbreviation}-{settings.agency.abbreviation}"


def format_value(indicator: Indicator, year: int) -> str:
    """A target value as the plan writes it: 98,5%; 9,5; 250/100.000 (marked for the
    highlight when it is sample data)."""
    value = indicator.values[year]
    if indicator.unit == "percent":
        text = format_percent(value)
    elif indicator.unit == "per100000":
        text = format_rate(value, 100000)
    else:
        text = format_number(value)
    return marked(text) if year in indicator.samples else text


def title_lines(text: str) -> str:
    """A trích yếu or V/v with the line ends its author chose: "|" in the YAML is a line
    break on the page. The template breaks the lines left too long between phrases
    (the phrase_lines filter, domain.line_breaks)."""
    return "\n".join(part.strip(" ") for part in text.split("|"))


def recipients(settings: DocumentSettings, first: str | None) -> list[str]:
    """Nơi nhận lines: each "- ...;" and the last "- Lưu: VT, ...." (II.9.b)."""
    items = ([first] if first else []) + list(settings.recipients)
    return [f"- {item};" for item in items] + [f"- Lưu: {settings.archive}."]


def addressee_lines(settings: DocumentSettings) -> list[str]:
    """Kính gửi (II.9.a): one name alone, or "- a;" lines with the last ending "."."""
    names = list(settings.addressees)
    if len(names) == 1:
        return names
    return [f"- {name};" for name in names[:-1]] + [f"- {names[-1]}."]


def signer(settings: DocumentSettings) -> dict[str, Any]:
    person = settings.signer
    return {"lines": [*person.authority, *([person.title] if person.title else [])],
            "name": person.name}


def _header(province: Province, settings: DocumentSettings) -> dict[str, Any]:
    return {
        "agency": {"parent_lines": list(settings.agency.parent_lines),
                   "name_lines": list(settings.agency.name_lines)},
        "number_line": number_line(settings),
        "place_date": f"{province.place}, {date_phrase(settings)}",
        "type_name": DOCUMENT_KINDS[settings.kind].type_name or "",
        "signer": signer(settings),
        # For templates that write numbers in words: {{ x|money_to_words(variant=variant) }}.
        "variant": province.variant,
    }


def _plan(province: Province, settings: DocumentSettings) -> dict[str, Any]:
    return {"summary": title_lines(plan_summary(province, settings)),
            "body": plan_blocks(province, format_value, settings),
            "recipients": recipients(settings, None)}


def _letter(body: Callable[[Content], list[dict[str, str]]]
            ) -> Callable[[Province, DocumentSettings], dict[str, Any]]:
    def build(province: Province, settings: DocumentSettings) -> dict[str, Any]:
        content = Content(province, settings)
        return {"subject_line": title_lines(f"V/v {content.text('subject')}"),
                "addressees": addressee_lines(settings),
                "body": body(content),
                "recipients": recipients(settings, "Như trên")}
    return build


def _decision(province: Province, settings: DocumentSettings) -> dict[str, Any]:
    content = Content(province, settings)
    bases = [line.rstrip(";.") for line in content.items("bases")]
    articles = content.items("articles")
    reference = (f"(Kèm theo Quyết định số {number_and_symbol(settings)} "
                 f"{date_phrase(settings)} của {settings.agency.in_text})")
    return {
        "summary": title_lines(content.text("summary")),
        "authority": content.text("authority"),
        # Căn cứ lines end ";", the "Theo đề nghị ..." line "." (Phụ lục I, II.6.a).
        "bases": [f"{line};" for line in bases] + [content.text("proposal")],
        "articles": [{"lead": f"Điều {i}.", "text": text}
                     for i, text in enumerate(articles, start=1)],
        "recipients": recipients(settings, f"Như Điều {len(articles)}"),
        "attached": {"type_name": DOCUMENT_KINDS["ke-hoach"].type_name,
                     "summary": title_lines(plan_summary(province, settings)),
                     "reference": reference,
                     "body": plan_blocks(province, format_value, settings)},
        "annex": {"title": content.text("annex_title"), "reference": reference,
                  "rows": annex_rows(province, content, settings)},
    }


def annex_rows(province: Province, content: Content,
               settings: DocumentSettings) -> list[dict[str, str]]:
    """One row per target assignment: which department leads which chỉ tiêu, the target
    worded as in the plan (a table cell ends without a full stop)."""
    leader = {number: department for department in province.departments
              for number in department.leads}
    texts = target_texts(province, format_value, settings)
    rows = []
    for position, number in enumerate(sorted(texts), start=1):
        task = f"Chỉ tiêu {number}: {texts[number].rstrip().removesuffix('.')}"
        rows.append({"number": str(position), "task": task,
                     "lead": leader[number].name or "", "partners": content.text(
                         "annex_partners"), "period": content.text("annex_period")})
    return rows


def _report(province: Province, settings: DocumentSettings) -> dict[str, Any]:
    content = Content(province, settings)
    reference = (f"(Kèm theo Báo cáo số {number_and_symbol(settings)} "
                 f"{date_phrase(settings)} của {settings.agency.in_text})")
    return {"summary": title_lines(content.text("summary")),
            **report_context(province, content, reference),
            "recipients": recipients(settings, None)}


BODIES: dict[str, Callable[[Province, DocumentSettings], dict[str, Any]]] = {
    "ke-hoach": _plan,
    "quyet-dinh-ban-hanh": _decision,
    "cong-van-trien-khai": _letter(directive_letter),
    "cong-van-xay-dung-ke-hoach": _letter(planning_letter),
    "huong-dan-nam": _letter(annual_guidance),
    "bao-cao": _report,
}


# Paragraphs at the end of a body that the template keeps with the signature below.
CLOSING_PARAGRAPHS = 2


def _mark_closing(blocks: list[dict[str, str]]) -> None:
    """The last paragraphs of a body are its closing ones: the template keeps them with
    the signature, so the signature never stands alone on a page.

    Two, not one: the last is often a one-line formula ("Trân trọng cảm ơn./."), and a
    page holding only that line and the signature, after a page left a fifth empty, is
    one a văn thư rebalances (issue 11). With the paragraph before it kept too, at least
    its last two lines (widow control) come over with them.
    """
    for block in blocks[-CLOSING_PARAGRAPHS:]:
        if block["kind"] == "paragraph":
            block["kind"] = "closing"


def sample_texts(province: Province, settings: DocumentSettings) -> list[str]:
    """The sample values the document prints, as it prints them: the output stage
    highlights each (target values are marked where they are written instead)."""
    content = Content(province, settings)
    texts: list[str] = []
    for sample in province.samples:
        # Target values and results are marked where they are written instead.
        if settings.kind not in sample.documents or sample.key[:1] in (("targets",),
                                                                       ("results",)):
            continue
        key = sample.key
        part = key[2] if key[:1] == ("documents",) and len(key) > 2 else None
        if part == "number":
            texts.append(number_and_symbol(settings).strip())
        elif part == "date":
            texts.append(date_phrase(settings))
        elif part == "content" and len(key) > 3 and key[3] in content.raw:
            items = content.items(key[3])
            index = key[4] if len(key) > 4 and isinstance(key[4], int) else None
            texts.extend(items if index is None or index >= len(items) else [items[index]])
        elif sample.text:
            texts.append(sample.text)
    return list(dict.fromkeys(t for t in texts if t.strip()))


def build_context(province: Province, kind: str) -> dict[str, Any]:
    """Everything the template of ``kind`` prints for ``province``.

    ``draft`` (no number or no full date yet) and ``sample_texts`` are for the output
    stage: a draft carries a "DỰ THẢO" mark, and the sample values are highlighted.
    """
    settings = province.documents[kind]
    context = {**_header(province, settings), **BODIES[kind](province, settings),
               "draft": not settings.final, "sample_texts": sample_texts(province, settings)}
    # The plan attached to a Quyết định has no signature of its own (Mẫu 1.3).
    _mark_closing(context["body"] if "body" in context else [])
    return context
