"""Signing authority (Nghị định 30/2020, Phụ lục I, II.7.b and Art. 13): what may be written.

Only TM., Q., KT., TL. and TUQ. exist, each with its full stop; "K/T", "T/M", "T/L" are
Party forms (Hướng dẫn 36) and are wrong here. A deputy signing for a collective writes
TM. then KT.; a unit head's deputy signing by order writes TL. then KT.
"""

from __future__ import annotations

import re

PREFIXES = ("TM.", "KT.", "Q.", "TL.", "TUQ.")
ALLOWED_SEQUENCES = {
    ("TM.",), ("TM.", "KT."), ("KT.",), ("Q.",), ("TL.",), ("TL.", "KT."), ("TUQ.",),
}
_WRONG_FORMS = {
    "K/T": "KT.", "T/M": "TM.", "T/L": "TL.", "TUQ": "TUQ.", "KT": "KT.", "TM": "TM.",
    "TL": "TL.", "Q": "Q.", "THAY MẶT": "TM.", "KÝ THAY": "KT.", "THỪA LỆNH": "TL.",
    "THỪA ỦY QUYỀN": "TUQ.", "QUYỀN": "Q.",
}
_ACADEMIC = re.compile(
    r"^(GS|PGS|TS|ThS|TSKH|BS|BSCKII|BSCKI|KS|CN|NGƯT|NGND)\b\.?", re.IGNORECASE)


def prefix_of(line: str) -> str | None:
    """The authority prefix a line starts with, if it is one of the five legal ones."""
    head = line.split(" ", 1)[0]
    return head if head in PREFIXES else None


def authority_problem(line: str) -> tuple[str, str] | None:
    """Why an authority line is wrong, and what to write instead; None when it is right."""
    stripped = line.strip()
    upper = stripped.upper()
    if prefix_of(stripped) and " " in stripped:
        return None
    for wrong, right in sorted(_WRONG_FORMS.items(), key=lambda kv: -len(kv[0])):
        if upper.startswith(wrong) and (len(upper) == len(wrong) or not upper[len(wrong)].isalpha()
                                        or wrong in ("K/T", "T/M", "T/L")):
            rest = stripped[len(wrong):].lstrip(" .:")
            if wrong in ("K/T", "T/M", "T/L"):
                why = (f"'{wrong}' là cách viết của văn bản Đảng, Nghị định 30/2020 dùng "
                       f"'{right}' (có dấu chấm)")
            else:
                why = f"chữ viết tắt quyền hạn phải là '{right}' (viết hoa, có dấu chấm)"
            return why, f"{right} {rest}".strip()
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
    match = _ACADEMIC.match(name.strip())
    if match:
        return (f"không ghi học hàm, học vị hay danh hiệu ('{match.group(0)}') trước họ tên "
                "người ký (Phụ lục I, II.7.b Nghị định 30/2020)")
    return None
