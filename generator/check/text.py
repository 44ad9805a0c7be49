"""Text as the rules compare it: normalised, excerpted, and measured in print.

The width estimate serves the advisory rules on the length of the rules drawn
under Tiêu ngữ, the agency name and the trích yếu (Times New Roman metrics, no
font files needed).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from generator.check.formatting import Run

_ODD_SPACES = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u200b": ""})


def clean(text: str) -> str:
    """NFC text with no-break spaces as spaces: keyboards and editors differ on both."""
    return unicodedata.normalize("NFC", text).translate(_ODD_SPACES)


def excerpt(text: str, limit: int = 60) -> str:
    """At most ``limit`` characters of a paragraph, for showing where a finding is."""
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def is_rule_text(text: str) -> bool:
    """A line of underscores or dashes typed to draw a rule."""
    stripped = text.strip()
    return len(stripped) >= 3 and set(stripped) <= set("_-—–=─━")


# --------------------------------------------------------------------------- text width

# Advance widths (thousandths of an em) of Times Roman and Times Bold, the Adobe AFM
# metrics that Times New Roman follows; Vietnamese letters take their base letter's width.
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
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
_TIMES_OTHER = {  # em
    " ": 0.25,
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


def _char_width(ch: str, bold: bool) -> float:
    """Width of one character in em."""
    base = unicodedata.normalize("NFD", ch.replace("đ", "d").replace("Đ", "D"))[:1] or ch
    table = _TIMES_BOLD if bold else _TIMES_REGULAR
    if base in table:
        return int(table[base]) / 1000
    return _TIMES_OTHER.get(base, 0.5)


def text_width(runs: Iterable[Run]) -> int:
    """Estimated printed width of runs in twips (Times New Roman metrics)."""
    total = 0.0
    for run in runs:
        size = run.size or 12.0
        total += sum(_char_width(c, run.bold) for c in run.text.strip("\t\n")) * size
    return int(total * 20)
