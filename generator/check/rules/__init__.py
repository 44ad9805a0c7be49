"""The layout rules of Nghị định 30/2020/NĐ-CP, one module per judged part of the document.

Values come from docs/decree30.md (§2, §4, §6, §7, §9); what that
file marks advisory is a warning here, everything else an error.  A rule
receives :class:`~generator.check.reader.DocumentFacts` (effective formatting
plus the recognised parts, "ô 1" … "ô 9b"); :mod:`.registry` holds the
machinery (``rule``, ``RULES``, ``run_rules``) and :mod:`.common` what every
part shares (locations, sizes and styles in words).

The part modules register their rules when imported, so the order of the
imports below is the order of ``RULES``, and of findings on one paragraph: the
order of the document, from page setup to "Nơi nhận".
"""

# isort: off
from generator.check.rules import page_setup  # noqa: F401  (I.1–I.4)
from generator.check.rules import page_numbers  # noqa: F401  (I.7)
from generator.check.rules import header  # noqa: F401  (ô 1–4)
from generator.check.rules import title  # noqa: F401  (ô 5, 9a)
from generator.check.rules import body  # noqa: F401  (ô 6)
from generator.check.rules import signature  # noqa: F401  (ô 7)
from generator.check.rules import recipients  # noqa: F401  (ô 9b)
from generator.check.rules import appendix  # noqa: F401  (III.1)

# isort: on
from generator.check.rules.registry import ERROR, RULES, WARNING, Finding, Rule, run_rules

__all__ = ["ERROR", "RULES", "WARNING", "Finding", "Rule", "run_rules"]
