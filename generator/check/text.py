"""Text as the rules compare it: normalised, excerpted, and measured in print.

The width estimate serves the advisory rules on the length of the rules drawn
under Tiêu ngữ, the agency name and the trích yếu (Times New Roman metrics from
``domain.metrics``, shared with the line breaker of the builder).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from generator.check.formatting import Run
from generator.domain import metrics

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

def text_width(runs: Iterable[Run]) -> int:
    """Estimated printed width of runs in twips (Times New Roman metrics)."""
    total = 0.0
    for run in runs:
        size = run.size or 12.0
        total += metrics.text_width(run.text.strip("\t\n"), size, run.bold)
    return int(total)
