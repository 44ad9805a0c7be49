"""A document cited in another: its number, symbol and date, as a clerk reads them.

Phụ lục I, II.6.b: at its first citation a document is named by its kind, number and
symbol, date, issuer and subject ("Văn bản số 375/LĐTBXH-TE ngày 23/02/2021 của Bộ ...").
A Luật or Pháp lệnh is cited without number (II.6.a), by its date alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_NUMBER = re.compile(r"\bsố\s*(?P<number>\d+)\s*(?P<sep>[/-])\s*(?P<symbol>[^\s,;:()]+)",
                     re.IGNORECASE)
_SHORT_DATE = re.compile(r"\bngày\s*(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})")
_LONG_DATE = re.compile(r"\bngày\s*(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})")
_UNNUMBERED = re.compile(r"^\s*(?:Căn cứ\s+)?(?:Hiến pháp|Luật|Bộ luật|Pháp lệnh)\b")
# "(dự thảo ...)": a draft, which has no number and is not in force.
_DRAFT = re.compile(r"\bdự thảo\b", re.IGNORECASE)


@dataclass(frozen=True)
class Citation:
    """What a citation says of the document it names."""

    text: str
    number: int | None
    symbol: str | None
    issued: date | None

    @property
    def identifier(self) -> str | None:
        """``58/KH-UBND``: how the register knows the document."""
        return f"{self.number}/{self.symbol}" if self.number is not None else None


def _date(text: str) -> date | None:
    for pattern in (_SHORT_DATE, _LONG_DATE):
        found = pattern.search(text)
        if found:
            try:
                return date(int(found["y"]), int(found["m"]), int(found["d"]))
            except ValueError:
                return None
    return None


def read_citation(text: str) -> Citation:
    """The number, symbol and date a citation gives (None where it gives none)."""
    found = _NUMBER.search(text)
    number = int(found["number"]) if found else None
    symbol = found["symbol"].rstrip(".") if found else None
    return Citation(text, number, symbol, _date(text))


def citation_problem(text: str) -> str | None:
    """What a citation lacks to name an issued document, or None."""
    if _DRAFT.search(text):
        return "dẫn một văn bản dự thảo: văn bản chưa ban hành thì chưa có hiệu lực để dẫn"
    cited = read_citation(text)
    unnumbered = bool(_UNNUMBERED.match(text))
    if cited.number is None and not unnumbered and cited.issued is None:
        return "văn bản được dẫn không có số, ký hiệu và ngày ban hành"
    if cited.number is None and not unnumbered:
        return "văn bản được dẫn không có số, ký hiệu"
    if cited.issued is None:
        return "văn bản được dẫn không có ngày ban hành"
    return None
