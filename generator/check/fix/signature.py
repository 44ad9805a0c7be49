"""Ô 7 and 9b: the signing prefix, the signature's type, and the "Nơi nhận" list.

A prefix is rewritten only from its abbreviated wrong forms ("K/T", "KT",
"Kt.", "KT.GIÁM ĐỐC"): a line that spells the words out ("Thay mặt", "Quyền")
may be a title, not a prefix, and needs a person.  The archive line is
completed only when it already names the Văn thư ("VT").
"""

from __future__ import annotations

import re

from generator.check.anatomy.parts import AUTHORITY_START, NOI_NHAN
from generator.check.fix.draft import Draft, Look
from generator.check.fix.header import fired, placeholder
from generator.check.fix.registry import Issues, repairs
from generator.check.fix.title import item_text
from generator.check.paragraphs import Line
from generator.check.rules.common import LOC_NAME, LOC_NN, LOC_SIGN
from generator.domain.decree30 import LUU, is_upper
from generator.domain.signing import BAD_PREFIX, PARTY_FORMS, prefix_fix

AUTHORITY_LOOK = Look(sizes=(13, 14), bold=True, italic=False)
NAME_LOOK = Look(sizes=(13, 14), bold=True, italic=False)
LABEL_LOOK = Look(sizes=(12, 12), bold=True, italic=True, underline=False)
LIST_LOOK = Look(sizes=(11, 11), bold=False, italic=False)
_ABBREVIATED = re.compile(r"(?:KT|TM|TL|TUQ|Q)\.?|(?:Kt|Tm|Tl|Tuq)\.")


def _authority_line(line: Line) -> bool:
    """A line of the signing authority, not a note "(Ký, đóng dấu)" or a misread name."""
    text = line.text.strip()
    return (
        bool(AUTHORITY_START.match(text))
        and not text.startswith("(")
        and not text.endswith(")")
        and not placeholder(text)
    )


def fixed_prefix(text: str) -> str | None:
    """The authority line with its abbreviated prefix written right, or None."""
    match = BAD_PREFIX.match(text.strip())
    if match is None:
        return None
    bad = match.group("bad")
    if bad not in PARTY_FORMS and not _ABBREVIATED.fullmatch(bad):
        return None
    return f"{prefix_fix(bad)} {text.strip()[len(bad) :].strip()}".strip()


def _name_case(name: str) -> str | None:
    """ "Nguyễn Văn An" from "NGUYỄN VĂN AN"; None for anything that is not plainly a name."""
    parts = name.split()
    if not 2 <= len(parts) <= 6 or not all(p.isalpha() for p in parts):
        return None
    return " ".join(p[0].upper() + p[1:].lower() for p in parts)


@repairs("sign.prefix", "sign.authority-style", "sign.size", "sign.name-style")
def signature(draft: Draft, issues: Issues) -> None:
    anat = draft.facts.anatomy
    authority = [line for line in anat.authority if _authority_line(line)]
    if "sign.prefix" in issues:
        for line in authority:
            wanted = fixed_prefix(line.text)
            if wanted is not None:
                draft.set_text(line, wanted, LOC_SIGN)
    if "sign.authority-style" in issues:
        for line in authority:
            text = draft.current_text(line)
            if not is_upper(text):
                draft.set_text(line, text.upper(), LOC_SIGN)
    if fired(issues, "sign.authority-style", "sign.size"):
        for line in authority:
            draft.restyle(line, AUTHORITY_LOOK, LOC_SIGN)
    signer = anat.signer
    if signer is None:
        return
    if "sign.name-style" in issues and is_upper(signer.text):
        wanted = _name_case(signer.text.strip())
        if wanted is not None:
            draft.set_text(signer, wanted, LOC_NAME)
    if fired(issues, "sign.name-style", "sign.size"):
        draft.restyle(signer, NAME_LOOK, LOC_NAME)


# ================================================================================ ô 9b: Nơi nhận


def _label_end(line: Line) -> int | None:
    """How many printed characters of the line are the label "Nơi nhận:" itself."""
    match = re.match(r"^\s*n[ơo]i\s+nh[ậa]n\s*:?", line.text, re.IGNORECASE)
    return len(match.group(0)) if match else None


def normal_luu(text: str) -> str | None:
    """ "- Lưu: VT, KHTC." from "- Lưu VT, KHTC;" ; None unless it names the Văn thư."""
    match = re.match(r"^\s*[-–+•]?\s*Lưu\s*[:.]?\s*(?P<rest>.*?)[\s.;,]*$", text, re.IGNORECASE)
    if match is None:
        return None
    rest = re.sub(r"\s*,\s*", ", ", match.group("rest").strip())
    wanted = f"- Lưu: {rest}."
    return wanted if rest.startswith("VT") and LUU.match(wanted) else None


@repairs("noi-nhan.label", "noi-nhan.size", "noi-nhan.style", "noi-nhan.list-size",
         "noi-nhan.list-style", "noi-nhan.item", "noi-nhan.luu")
def noi_nhan(draft: Draft, issues: Issues) -> None:
    anat = draft.facts.anatomy
    label = anat.noi_nhan
    if label is None or not NOI_NHAN.match(label.text):
        return
    end = _label_end(label)
    alone = end is not None and not label.text[end:].strip()
    if "noi-nhan.label" in issues and alone:
        draft.set_text(label, "Nơi nhận:", LOC_NN)
    if fired(issues, "noi-nhan.size", "noi-nhan.style") and end is not None:
        if alone:
            draft.restyle(label, LABEL_LOOK, LOC_NN)
        else:
            span = draft.span(label)
            if span is not None:
                draft.restyle(label, LABEL_LOOK, LOC_NN, within=(0, _units_for(draft, label, end)))
    items = anat.noi_nhan_items
    if "noi-nhan.item" in issues:
        for item in items[:-1]:
            wanted = item_text(item.text, ";")
            if wanted is not None:
                draft.set_text(item, wanted, LOC_NN)
    if "noi-nhan.luu" in issues and items:
        wanted = normal_luu(items[-1].text)
        if wanted is not None:
            draft.set_text(items[-1], wanted, LOC_NN)
    if fired(issues, "noi-nhan.list-size", "noi-nhan.list-style"):
        for item in items:
            draft.restyle(item, LIST_LOOK, LOC_NN)


def _units_for(draft: Draft, line: Line, chars: int) -> int:
    """The number of units of ``line`` that print its first ``chars`` characters."""
    span = draft.span(line)
    assert span is not None
    units = draft.units(line.para)[span[0] : span[1]]
    wanted = line.text.strip()[:chars].rstrip()
    count, shown = 0, ""
    while count < len(units) and len(shown) < len(wanted):
        shown += units[count].display
        count += 1
    return count
