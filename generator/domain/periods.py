"""The period a plan covers, and the years its wording names.

The national programme (QĐ 23/QĐ-TTg) runs 2021–2030 with milestones in 2025 and 2030.
A plan issued before 1 July 2025 covers the whole programme; the provinces merged on that
day re-issued theirs for the remaining years (Khánh Hòa, November 2025: "giai đoạn
2025-2030"), so a plan issued in 2026 covers 2026–2030, sets only 2030 targets and cannot
announce a mid-term review in a year already over (docs/domain.md §6).

Shared wording names these years through parameters, never in figures: ``{period}``
(2021-2030), ``{period_start}``, ``{period_end}``, ``{review_year}`` (the sơ kết) and
``{baseline_year}`` (the last year before the period, whose results the plan starts from).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.domain.levels import after_reform
from generator.domain.model import YEARS, IssueDate

PROGRAMME_START, PROGRAMME_END = 2021, 2030

# The parameters a text may use, with what each means (for the reference and messages).
PERIOD_TERMS: dict[str, str] = {
    "period": "giai đoạn của Kế hoạch, ví dụ 2026-2030",
    "period_start": "năm đầu giai đoạn",
    "period_end": "năm cuối giai đoạn (tổng kết)",
    "review_year": "năm sơ kết: giữa giai đoạn, không trước năm ban hành",
    "baseline_year": "năm trước giai đoạn, mốc so sánh (đánh giá kết quả đến năm này)",
}


@dataclass(frozen=True)
class Period:
    """The first and last year of a plan."""

    start: int
    end: int

    @property
    def milestones(self) -> tuple[int, ...]:
        """The programme's target years inside the period: its targets."""
        return tuple(year for year in YEARS if self.start <= year <= self.end)

    def __str__(self) -> str:
        return f"{self.start}-{self.end}"


def default_period(issued: IssueDate) -> Period:
    """2021–2030 before the reform of 1 July 2025; the remaining years after it."""
    if after_reform(issued.year, issued.month):
        return Period(min(issued.year, PROGRAMME_END), PROGRAMME_END)
    return Period(PROGRAMME_START, PROGRAMME_END)


def review_year(period: Period, issued: IssueDate) -> int:
    """The sơ kết: halfway through the period, and never in a year already over."""
    return min(max(period.start + (period.end - period.start) // 2, issued.year), period.end)


def period_terms(period: Period, issued: IssueDate) -> dict[str, str]:
    """The values of the period parameters for a document issued on ``issued``."""
    return {
        "period": str(period),
        "period_start": str(period.start),
        "period_end": str(period.end),
        "review_year": str(review_year(period, issued)),
        "baseline_year": str(period.start - 1),
    }


def period_problem(start: int, end: int) -> str | None:
    """Why a period a province set cannot be a plan's, or None."""
    if start > end:
        return f"năm đầu {start} sau năm cuối {end}"
    if start < PROGRAMME_START or end > PROGRAMME_END:
        return (f"Chương trình hành động vì trẻ em chạy từ {PROGRAMME_START} đến "
                f"{PROGRAMME_END}; giai đoạn của Kế hoạch phải nằm trong đó")
    if not Period(start, end).milestones:
        return ("giai đoạn không chứa mốc chỉ tiêu nào ("
                + ", ".join(map(str, YEARS)) + "), Kế hoạch sẽ không có chỉ tiêu")
    return None
