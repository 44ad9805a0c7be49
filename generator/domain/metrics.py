"""How wide a text prints in Times New Roman, the font Nghị định 30/2020 prescribes.

The checker measures the rules drawn under the agency name and the trích yếu with it;
the line breaker (``domain.line_breaks``) finds where a title's lines end. No font file is
needed: the advance widths are the Adobe AFM metrics of Times Roman and Times Bold, which
Times New Roman and its metric twin Liberation Serif (LibreOffice's stand-in) follow;
Vietnamese letters take their base letter's width, as both fonts draw them.
"""

from __future__ import annotations

import unicodedata

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Thousandths of an em.
_TIMES_REGULAR = dict(
    zip(
        _LETTERS,
        "444 500 444 500 444 333 500 500 278 278 500 278 778 500 500 500 500 333 389 278 500 500 "
        "722 500 500 444 722 667 667 722 611 556 722 722 333 389 722 611 889 722 722 556 722 667 "
        "556 611 722 722 944 722 722 611".split(),
        strict=True,
    )
)
_TIMES_BOLD = dict(
    zip(
        _LETTERS,
        "500 556 444 556 444 333 500 556 278 333 556 278 833 556 500 556 556 444 389 333 556 500 "
        "722 500 500 444 722 667 722 722 667 611 778 778 389 500 778 667 944 722 778 611 778 722 "
        "556 667 722 722 1000 722 722 667".split(),
        strict=True,
    )
)
_TIMES_OTHER = {  # em; digits and anything not listed take half an em
    " ": 0.25,
    "\u00a0": 0.25,  # a no-break space is as wide as a space
    "-": 0.333,
    "_": 0.5,
    ".": 0.25,
    ",": 0.25,
    ":": 0.278,
    "/": 0.278,
    "(": 0.333,
    ")": 0.333,
    "–": 0.5,
    "—": 1.0,
}


def char_width(ch: str, bold: bool) -> float:
    """Width of one character in em."""
    base = unicodedata.normalize("NFD", ch.replace("đ", "d").replace("Đ", "D"))[:1] or ch
    table = _TIMES_BOLD if bold else _TIMES_REGULAR
    if base in table:
        return int(table[base]) / 1000
    return _TIMES_OTHER.get(base, 0.5)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Printed width of ``text`` at ``size`` points, in twips (twentieths of a point)."""
    return sum(char_width(c, bold) for c in text) * size * 20
