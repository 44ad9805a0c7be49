"""Finding the sample data of a province file, and which documents print it.

A value is sample data when the province tagged it ``!mau`` (everything inside a tagged
list or table too) or when it plainly is one (domain.samples.sample_reason: the decree's
model names, telephone numbers of zeros...). A draft shows each one highlighted and the
build warns about it; a final document printing one is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from generator.config.yaml_source import PathKey, Source, dotted, indexed
from generator.domain.errors import Problem
from generator.domain.model import YEARS, DocumentSettings
from generator.domain.samples import TAGGED, Sample, sample_reason

# The documents that print the plan's targets and programme wording.
PLAN_KINDS = ("ke-hoach", "quyet-dinh-ban-hanh")


def _leaves(value: Any, key: PathKey) -> list[tuple[PathKey, Any]]:
    """Every scalar inside ``value`` with where it is."""
    if isinstance(value, dict):
        return [leaf for name, item in value.items() for leaf in _leaves(item, (*key, name))]
    if isinstance(value, list):
        return [leaf for i, item in indexed(value) for leaf in _leaves(item, (*key, i))]
    return [(key, value)]


def _shown(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).split()) if value is not None else ""


# The years of a target's values a document prints (its wording for the document's period).
PrintedYears = Callable[[str, int], set[int]]


def _documents_of(key: PathKey, source: Source, documents: dict[str, DocumentSettings],
                  printed: PrintedYears) -> tuple[str, ...]:
    """The kinds that print the value at ``key``: a target value of 2025 is not printed
    by a plan of 2026-2030, whose wording names 2030 values only."""
    raw = source.data.get("documents") if isinstance(source.data, dict) else None
    raw = raw if isinstance(raw, dict) else {}

    def declared(kind: str, name: str) -> Any:
        body = raw.get(kind)
        return body.get(name) if isinstance(body, dict) else None

    head = key[0] if key else None
    if head == "documents":
        return tuple(k for k in documents if len(key) > 1 and k == key[1])
    if head in ("signers", "agencies") and len(key) > 1:
        field = "signer" if head == "signers" else "agency"
        return tuple(k for k in documents if declared(k, field) == key[1])
    if head == "targets" and len(key) > 2 and key[-1] in YEARS:
        return tuple(k for k in documents if k in PLAN_KINDS and key[-1] in printed(k, key[1]))
    if head == "results":  # printed by the results report only
        return tuple(k for k in documents if k == "bao-cao")
    if head in ("targets", "programme"):
        return tuple(k for k in documents if k in PLAN_KINDS)
    return tuple(documents)


def _every_year(_kind: str, _number: int) -> set[int]:
    return set(YEARS)


def collect(source: Source, documents: dict[str, DocumentSettings],
            printed: PrintedYears = _every_year) -> list[Sample]:
    """The sample values of a province file, in file order."""
    found: dict[PathKey, Sample] = {}
    for key, value in _leaves(source.data, ()):
        if source.is_sample(key):
            reason = TAGGED
        elif isinstance(value, str):
            reason = sample_reason(value) or ""
        else:
            reason = ""
        if reason:
            found[key] = Sample(source.path, source.mark(key), dotted(key), _shown(value),
                                reason, _documents_of(key, source, documents, printed), key)
    return sorted(found.values(), key=lambda s: (s.mark.line, s.mark.column) if s.mark
                  else (0, 0))


def report(samples: list[Sample], documents: dict[str, DocumentSettings],
           problems: list[Problem]) -> None:
    """A warning for each sample a draft prints; an error for each a final document prints."""
    for sample in samples:
        finals = [k for k in sample.documents if documents[k].final]
        shown = f"'{sample.text}'" if sample.text else "(để trống)"
        if finals:
            problems.append(Problem(
                sample.file, sample.mark, sample.field,
                f"{sample.reason}: {shown} trong văn bản chính thức {', '.join(finals)} (đã "
                "có số và ngày)", found=shown,
                expected="ghi giá trị thật và bỏ !mau; nếu văn bản chưa ban hành, bỏ số "
                         "(number: ~) hoặc ngày để nó là bản dự thảo"))
        elif sample.documents:
            problems.append(Problem(
                sample.file, sample.mark, sample.field,
                f"{sample.reason}: {shown}; bản dự thảo {', '.join(sample.documents)} in "
                "giá trị này tô màu vàng", found=shown,
                expected="thay bằng giá trị thật (và bỏ !mau) trước khi trình ký",
                warning=True))
