"""Which rules the fixer repairs, and the function that repairs each group of them.

A repair function receives the document under repair and, for each of its
rules that the checker reported, the rule's issues (one per place, not merged).
It repairs what the decree settles without judgement and leaves the rest: the
checker runs again on the repaired copy, and whatever it still reports is
listed for a person.  The registration order is the order repairs are made:
text before formatting, the body before the fonts of every run.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.check.fix.draft import Draft
from generator.check.rules import Rule
from generator.check.rules.registry import Issue

Issues = dict[str, list[Issue]]
RepairFunction = Callable[[Draft, Issues], None]

REPAIRERS: list[tuple[frozenset[str], RepairFunction]] = []


def repairs(*rule_ids: str) -> Callable[[RepairFunction], RepairFunction]:
    """Register a function that repairs the departures of ``rule_ids``."""

    def register(fn: RepairFunction) -> RepairFunction:
        REPAIRERS.append((frozenset(rule_ids), fn))
        return fn

    return register


def repairable() -> frozenset[str]:
    """Every rule some repair function handles (it may still leave a case to a person)."""
    return frozenset(rule_id for ids, _fn in REPAIRERS for rule_id in ids)


def issues_of(draft: Draft, rules: dict[str, Rule]) -> Issues:
    """Each rule's issues on the document, unmerged, for the rules that have some."""
    found: Issues = {}
    for rule_id, rule_def in rules.items():
        issues = list(rule_def.check(draft.facts))
        if issues:
            found[rule_id] = issues
    return found


def run_repairs(draft: Draft, issues: Issues) -> None:
    for rule_ids, fn in REPAIRERS:
        mine = {rule_id: issues[rule_id] for rule_id in rule_ids if rule_id in issues}
        if mine:
            fn(draft, mine)
