"""The decree's rules on values that both the builder's validation and the checker apply.

Nghị định 30/2020/NĐ-CP, Phụ lục III lists the names of document types and their
abbreviations; Phụ lục I sets how the place name and the archive line of Nơi nhận are
written. Configuration refuses a value the checker would refuse, and the checker judges
documents with the same patterns, so both read them from here.
"""

from __future__ import annotations

import re

DOC_TYPES: dict[str, str] = {
    # Phụ lục III: tên loại văn bản hành chính -> chữ viết tắt
    "NGHỊ QUYẾT": "NQ",
    "QUYẾT ĐỊNH": "QĐ",
    "CHỈ THỊ": "CT",
    "QUY CHẾ": "QC",
    "QUY ĐỊNH": "QyĐ",
    "THÔNG CÁO": "TC",
    "THÔNG BÁO": "TB",
    "HƯỚNG DẪN": "HD",
    "CHƯƠNG TRÌNH": "CTr",
    "KẾ HOẠCH": "KH",
    "PHƯƠNG ÁN": "PA",
    "ĐỀ ÁN": "ĐA",
    "DỰ ÁN": "DA",
    "BÁO CÁO": "BC",
    "BIÊN BẢN": "BB",
    "TỜ TRÌNH": "TTr",
    "HỢP ĐỒNG": "HĐ",
    "CÔNG ĐIỆN": "CĐ",
    "BẢN GHI NHỚ": "BGN",
    "BẢN THỎA THUẬN": "BTT",
    "GIẤY ỦY QUYỀN": "GUQ",
    "GIẤY MỜI": "GM",
    "GIẤY GIỚI THIỆU": "GGT",
    "GIẤY NGHỈ PHÉP": "GNP",
    "PHIẾU GỬI": "PG",
    "PHIẾU CHUYỂN": "PC",
    "PHIẾU BÁO": "PB",
}


def is_upper(text: str) -> bool:
    """True when the letters of ``text`` are all capitals (and there is at least one)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c == c.upper() for c in letters)


ABBREVIATED_PLACE = re.compile(
    r"\b(TP|Tp|tp|T\.P|TX|Tx)\s*\.|\bTP\b|\bTPHCM\b|\bHCM\b|\bTP\.?HCM\b"
)

# Phụ lục I, II.9: the archive line of Nơi nhận, "- Lưu: VT, <unit>." ending with one full
# stop. A full stop inside the unit is allowed only between letters, as in the drafter's
# initials "CN(M.Cường)"; one before a space or the end ("VT, TE. NV", "VT, TE..") is not.
# Spaces around the dash, the colon and the comma are not judged: they do not show in print.
LUU = re.compile(r"^-\s*Lưu\s*:\s*VT(\s*,\s*(?:[^.;]|\.(?=\w))+)?\.$")
