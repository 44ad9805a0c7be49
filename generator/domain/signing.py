"""Signing authority (Nghị định 30/2020, Phụ lục I, II.7.b and Art. 13): what may be written.

Only TM., Q., KT., TL. and TUQ. exist, each with its full stop and a space; "K/T", "T/M",
"T/L" are Party forms (Hướng dẫn 36) and are wrong here. A deputy signing for a
collective writes TM. then KT.; a unit head's deputy signing by order writes TL. then KT.
This module is the one place that knows it: the YAML validation and ``vanban check``
both ask it.
"""

from __future__ import annotations

import re

from generator.domain.vietnamese import fold

PREFIXES = ("TM.", "KT.", "Q.", "TL.", "TUQ.")
ALLOWED_SEQUENCES = {
    ("TM.",), ("TM.", "KT."), ("KT.",), ("Q.",), ("TL.",), ("TL.", "KT."), ("TUQ.",),
}
PARTY_FORMS = ("K/T", "T/M", "T/L", "T/UQ")

# A wrong prefix at the start of an authority line: a Party form, a legal one without its
# stop or without the space after it, a lower-case one, or the words written out.
BAD_PREFIX = re.compile(
    r"^(?P<bad>K/T|T/M|T/L|T/UQ|(?:KT|TM|TL|TUQ|Q)(?=\s)|(?:KT|TM|TL|TUQ|Q)\.(?=\S)|"
    r"(?:Kt|Tm|Tl|Tuq)\.|"
    r"(?i:thay mặt|ký thay|thừa lệnh|thừa (?:ủy|uỷ) quyền|quyền)(?=\s))"
)
_FIX = {"K/T": "KT.", "T/M": "TM.", "T/L": "TL.", "T/UQ": "TUQ.", "KT": "KT.", "TM": "TM.",
        "TL": "TL.", "TUQ": "TUQ.", "Q": "Q.", "KT.": "KT.", "TM.": "TM.", "TL.": "TL.",
        "TUQ.": "TUQ.", "Q.": "Q."}
_WORDS = (("THAY MAT", "TM."), ("KY THAY", "KT."), ("THUA LENH", "TL."), ("THUA", "TUQ."),
          ("QUYEN", "Q."))
# Academic titles and honours that may not stand before a signer's name (II.7.c).
ACADEMIC = re.compile(
    r"^((GS|PGS|TS|TSKH|ThS|Ths|THS|NGND|NGƯT|NGUT|BS|BSCKI{1,2}|KS|DS|LS|CN)\s*\.\s*)+(?=\S)"
)


def prefix_fix(bad: str) -> str:
    """The legal prefix for a wrong one (``K/T`` → ``KT.``, ``Thay mặt`` → ``TM.``)."""
    folded = fold(bad)
    for words, prefix in _WORDS:
        if folded.startswith(words):
            return prefix
    return _FIX.get(bad, bad.upper()).strip()


def prefix_of(line: str) -> str | None:
    """The authority prefix a line starts with, if it is one of the five legal ones."""
    head = line.split(" ", 1)[0]
    return head if head in PREFIXES else None


def authority_problem(line: str) -> tuple[str, str] | None:
    """Why an authority line is wrong, and the line to write instead; None when right."""
    stripped = line.strip()
    match = BAD_PREFIX.match(stripped)
    if match:
        bad = match.group("bad")
        right = prefix_fix(bad)
        fixed = f"{right} {stripped[len(bad):].strip()}".strip()
        if bad in PARTY_FORMS:
            return (f"'{bad}' là cách viết của văn bản Đảng, Nghị định 30/2020 dùng '{right}' "
                    "(có dấu chấm)"), fixed
        return f"chữ viết tắt quyền hạn phải là '{right}' (viết hoa, có dấu chấm)", fixed
    if prefix_of(stripped) and " " in stripped:
        return None
    return ("dòng quyền hạn phải bắt đầu bằng TM., KT., Q., TL. hoặc TUQ. rồi đến tên tập thể "
            "hoặc chức vụ của người đứng đầu", "ví dụ: TM. ỦY BAN NHÂN DÂN")


def sequence_problem(lines: list[str]) -> str | None:
    """Whether the order of prefixes is one Decree 30 allows (e.g. TM. then KT.)."""
    sequence = tuple(prefix_of(line) or "" for line in lines)
    if not sequence or sequence in ALLOWED_SEQUENCES:
        return None
    allowed = "; ".join(" rồi ".join(s) for s in sorted(ALLOWED_SEQUENCES))
    return f"thứ tự {' rồi '.join(sequence)} không đúng; các cách ký hợp lệ: {allowed}"


def name_problem(name: str) -> str | None:
    """Decree 30 forbids academic titles and honours before the signer's name."""
    match = ACADEMIC.match(name.strip())
    if match:
        return (f"không ghi học hàm, học vị hay danh hiệu ('{match.group(0).strip()}') trước "
                "họ tên người ký (Phụ lục I, II.7.b Nghị định 30/2020)")
    return None
