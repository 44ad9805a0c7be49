"""Filling a document's shared content (provinces/shared/documents/*.yaml) for a province.

A content text may name the province's terms, ``{issuer}``, ``{year}``, the years of the
plan's period (``{period}``, ``{review_year}``... see domain.periods), and the
other entries of the same content; a list used inside a sentence is joined with "; ",
a date is written the short way (07/5/2021). Validation has already checked every name.
"""

from __future__ import annotations

from datetime import date

from generator.domain.model import ContentValue, DocumentSettings, Province
from generator.domain.periods import Period, period_terms
from generator.domain.vietnamese import format_date
from generator.domain.wording import fill

MAX_DEPTH = 5  # content entries may name each other; a loop must not hang


class Content:
    """The filled texts of one document of one province."""

    def __init__(self, province: Province, settings: DocumentSettings) -> None:
        self.settings = settings
        self.values: dict[str, str] = {
            **province.terms,
            **period_terms(Period(*settings.period), settings.date),
            "issuer": settings.agency.in_text,
            "year": str(settings.date.year),
        }
        self.raw: dict[str, ContentValue] = settings.content

    def _inline(self, value: ContentValue, depth: int, local: dict[str, str]) -> str:
        if isinstance(value, date):
            return format_date(value, style="short")
        if isinstance(value, tuple):
            return "; ".join(self._fill(item, depth, local) for item in value)
        return self._fill(value, depth, local)

    def _fill(self, text: str, depth: int, local: dict[str, str] | None = None) -> str:
        local = local or {}

        def lookup(name: str, _year: int | None) -> str:
            if name in local:
                return local[name]
            if name in self.raw and depth < MAX_DEPTH:
                return self._inline(self.raw[name], depth + 1, local)
            return self.values[name]

        return fill(text, lookup)

    def text(self, key: str, **local: str) -> str:
        """One entry as a sentence (a list is joined); ``local`` fills the names only this
        entry may use (config.province_documents.LOCAL_TERMS)."""
        return self._inline(self.raw[key], 0, local)

    def items(self, key: str) -> list[str]:
        """One entry as separate items (a single text is a one-item list)."""
        value = self.raw[key]
        if isinstance(value, tuple):
            return [self._fill(item, 0) for item in value]
        return [self._inline(value, 0, {})]
