"""The rule registry: every rule has one id, one clause and one severity.

Why a registry: a finding always says which clause it enforces, tests can
break exactly one rule at a time, and the list of rules documents itself
(``RULES``).  A rule function receives :class:`~generator.check.reader.DocumentFacts`
and yields :class:`Issue` objects; :func:`run_rules` turns them into
:class:`Finding`, merging repeats and sorting in document order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generator.check.reader import DocumentFacts

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One departure from the decree, ready to print or serialise."""

    rule: str
    clause: str
    severity: str
    message: str
    location: str
    excerpt: str
    found: str
    expected: str
    position: int = -1

    def as_dict(self) -> dict[str, str]:
        """Plain fields for JSON output (the sort position is internal)."""
        return {
            "rule": self.rule,
            "clause": self.clause,
            "severity": self.severity,
            "message": self.message,
            "location": self.location,
            "excerpt": self.excerpt,
            "found": self.found,
            "expected": self.expected,
        }


@dataclass(frozen=True)
class Issue:
    """What a rule function reports; ``group`` merges repeats (same value in many paragraphs)."""

    location: str
    found: str
    expected: str
    excerpt: str = ""
    position: int = -1
    group: str | None = None


RuleCheck = Callable[[DocumentFacts], Iterable[Issue]]


@dataclass(frozen=True)
class Rule:
    """A registered rule: id, clause, severity and the Vietnamese description."""

    id: str
    clause: str
    severity: str
    message: str
    check: RuleCheck


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str, clause: str, message: str, severity: str = ERROR
) -> Callable[[RuleCheck], RuleCheck]:
    """Register a rule function under ``rule_id``."""

    def register(fn: RuleCheck) -> RuleCheck:
        if rule_id in RULES:
            raise ValueError(f"duplicate rule id {rule_id}")
        RULES[rule_id] = Rule(rule_id, clause, severity, message, fn)
        return fn

    return register


def _merge(rule_def: Rule, issues: list[Issue]) -> list[Finding]:
    """One finding per issue, except that issues sharing a group collapse into one with a count."""
    grouped: dict[str, list[Issue]] = {}
    singles: list[Issue] = []
    for issue in issues:
        if issue.group is None:
            singles.append(issue)
        else:
            grouped.setdefault(issue.group, []).append(issue)
    merged = singles + [
        Issue(
            group[0].location + (f" (và {len(group) - 1} chỗ khác)" if len(group) > 1 else ""),
            group[0].found,
            group[0].expected,
            group[0].excerpt,
            group[0].position,
        )
        for group in grouped.values()
    ]
    return [
        Finding(
            rule_def.id,
            rule_def.clause,
            rule_def.severity,
            rule_def.message,
            i.location,
            i.excerpt,
            i.found,
            i.expected,
            i.position,
        )
        for i in merged
    ]


def run_rules(facts: DocumentFacts, only: Iterable[str] | None = None) -> list[Finding]:
    """Every registered rule over one document; findings in document order."""
    wanted = set(only) if only is not None else None
    findings: list[Finding] = []
    order = {rid: n for n, rid in enumerate(RULES)}
    for rule_def in RULES.values():
        if wanted is not None and rule_def.id not in wanted:
            continue
        findings += _merge(rule_def, list(rule_def.check(facts)))
    return sorted(findings, key=lambda f: (f.position, order[f.rule]))
