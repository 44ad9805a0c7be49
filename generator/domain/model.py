"""The validated domain model: what a province's documents are made from.

Everything here is already checked and merged (shared programme content plus the
province's overrides), so the document builders never see raw YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from generator.domain.samples import Sample

Number = int | Decimal

UNITS = {
    "percent": "tỷ lệ phần trăm (80%)",
    "per1000": "tỷ suất trên 1.000 (9,5)",
    "per100000": "tỷ suất trên 100.000 (250/100.000)",
    "number": "số (12)",
}
DIRECTIONS = {
    "increase": "càng cao càng tốt",
    "decrease": "càng thấp càng tốt",
    "maintain": "giữ nguyên mức",
}
YEARS = (2025, 2030)


@dataclass(frozen=True)
class Indicator:
    """One measured quantity of a target (chỉ tiêu 3 has three: a, b, c)."""

    key: str
    label: str
    unit: str
    direction: str
    values: dict[int, Number]
    # The years whose value is sample data (``!mau``): highlighted in a draft.
    samples: frozenset[int] = frozenset()
    # The national programme's values (provinces/shared/programme.yaml), for comparison.
    national: dict[int, Number] = field(default_factory=dict)


@dataclass(frozen=True)
class Target:
    """A chỉ tiêu: its wording with ``{a.2025}``-style parameters and its indicators."""

    number: int
    goal: int
    text: str
    indicators: dict[str, Indicator]
    # The wording when the plan's period holds only one milestone, by that year
    # (``text_2030``: a plan issued after July 2025 sets only 2030 targets).
    texts: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TaskGroup:
    """A group of tasks and solutions (section II of the plan)."""

    title: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Programme:
    """The shared content of the 2021–2030 programme, after the province's overrides."""

    summary: str
    opening: str
    general_goal: str
    goals: dict[int, str]
    targets: dict[int, Target]
    task_groups: tuple[TaskGroup, ...]
    funding: tuple[str, ...]
    lead_sentence: str
    reporting: str
    closing: str
    headings: dict[str, str]


@dataclass(frozen=True)
class Result:
    """One reported value of one indicator in one year, and where the number comes from."""

    value: Number
    source: str
    # Sample data (``!mau``): highlighted in a draft, refused in a final report.
    sample: bool = False


# results[target number][indicator key][year]; a year not there has no data yet.
Results = dict[int, dict[str, dict[int, Result]]]


@dataclass(frozen=True)
class Department:
    """A body that carries out the plan; ``leads`` are the targets it is in charge of."""

    key: str
    name: str | None
    leads: tuple[int, ...]
    tasks: tuple[str, ...]


@dataclass(frozen=True)
class Agency:
    """An issuing agency as its header prints it (ô 2 of Decree 30) and as prose names it."""

    key: str
    name_lines: tuple[str, ...]
    parent_lines: tuple[str, ...]
    abbreviation: str
    in_text: str


@dataclass(frozen=True)
class Signer:
    """Who signs: authority lines (TM./KT./...), the signer's own title, the name."""

    authority: tuple[str, ...]
    title: str | None
    name: str


@dataclass(frozen=True)
class IssueDate:
    """A document date; a draft may leave the day, or the day and month, blank."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def complete(self) -> date | None:
        return date(self.year, self.month, self.day) if self.month and self.day else None


ContentValue = str | tuple[str, ...] | date


@dataclass(frozen=True)
class DocumentSettings:
    """What a province sets for one document: number, date, agency, signer, recipients."""

    kind: str
    number: int | None
    date: IssueDate
    agency: Agency
    signer: Signer
    recipients: tuple[str, ...]
    archive: str
    addressees: tuple[str, ...] = ()
    unit: str | None = None
    content: dict[str, ContentValue] = field(default_factory=dict)
    # A province's own template (a file name in templates/), instead of templates/<kind>.docx.
    template: str | None = None
    # The first and last year of the plan the document makes or asks for (domain.periods).
    period: tuple[int, int] = (2021, 2030)
    # Final: given its number and full date, neither of them sample data. Otherwise a draft.
    final: bool = False


@dataclass(frozen=True)
class Province:
    """A province with everything its documents need."""

    id: str
    source: Path
    name: str
    place: str
    variant: str
    terms: dict[str, str]
    programme: Programme
    departments: tuple[Department, ...]
    lead_department: Department
    documents: dict[str, DocumentSettings] = field(default_factory=dict)
    # Sample data in the province file, in file order.
    samples: tuple[Sample, ...] = ()
    # The reported results (the ``results:`` section), for the Báo cáo kết quả.
    results: Results = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document vanban can produce.

    ``type_name`` and ``abbreviation`` (Phụ lục III) are None for a công văn, whose
    ký hiệu is the agency's abbreviation and the drafting unit's instead.
    """

    id: str
    type_name: str | None
    abbreviation: str | None
    description: str

    @property
    def is_letter(self) -> bool:
        return self.type_name is None


DOCUMENT_KINDS: dict[str, DocumentKind] = {
    kind.id: kind
    for kind in (
        DocumentKind("ke-hoach", "KẾ HOẠCH", "KH",
                     "Kế hoạch thực hiện Chương trình hành động vì trẻ em 2021-2030"),
        DocumentKind("quyet-dinh-ban-hanh", "QUYẾT ĐỊNH", "QĐ",
                     "Quyết định ban hành Kế hoạch, kèm Kế hoạch và Phụ lục phân công"),
        DocumentKind("cong-van-trien-khai", None, None,
                     "Công văn đề nghị thực hiện Chỉ thị số 23/CT-TTg"),
        DocumentKind("cong-van-xay-dung-ke-hoach", None, None,
                     "Công văn đề nghị xây dựng kế hoạch thực hiện Chương trình 2021-2030"),
        DocumentKind("huong-dan-nam", None, None, "Công văn hướng dẫn công tác trẻ em năm"),
        DocumentKind("bao-cao", "BÁO CÁO", "BC",
                     "Báo cáo kết quả thực hiện Kế hoạch năm (sơ kết, tổng kết giai đoạn)"),
    )
}
