"""What a văn thư checks across the documents of one province before they go to a signer.

Each check reports through the province file's Fields, at the line to change:

- every document cited gives its number, symbol and date, and is not a draft;
- a document of this same file cited by another is issued, with that number and date;
- a letter names each cited document once, so it is described one way only;
- every body the plan gives a task is in its Nơi nhận (unless ``notify: false``);
- the numbers an issuer gives rise with the dates (one register per agency and year);
- tasks go to the department that holds the function in that year (domain.functions).

What must be fixed before signing is an error in a final document (number and full
date) and a warning in a draft, which may still be incomplete.
"""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise

from generator.config import schema
from generator.config.fields import Fields, describe
from generator.config.yaml_source import Index, PathKey, dotted, indexed
from generator.domain.citations import Citation, citation_problem, read_citation
from generator.domain.functions import function_problems
from generator.domain.model import DOCUMENT_KINDS, Department, DocumentSettings

PLAN = "ke-hoach"


def _symbol(settings: DocumentSettings) -> str:
    """The ký hiệu the document's number line prints (compose.context.symbol_of)."""
    kind = DOCUMENT_KINDS[settings.kind]
    if kind.abbreviation is None:
        return f"{settings.agency.abbreviation}-{settings.unit}"
    return f"{kind.abbreviation}-{settings.agency.abbreviation}"


def _citing(kind: str) -> list[str]:
    return [k.name for k in schema.children(schema.document_file(kind), ()) if k.cites]


def _cited(own: Fields, kind: str, settings: DocumentSettings
           ) -> list[tuple[PathKey, str, bool]]:
    """Each document a document cites: where the province wrote it, the text, whether it is
    sample data (``!mau`` or recognised), in the order of the content entries."""
    found = []
    for name in _citing(kind):
        value = settings.content.get(name)
        key: PathKey = ("documents", kind, "content", name)
        items = value if isinstance(value, tuple) else (value,) if isinstance(value, str) else ()
        for i, text in enumerate(items):
            spot = (*key, Index(i)) if isinstance(value, tuple) and isinstance(
                own.get(key), list) else key
            found.append((spot, text, own.source.is_sample(spot)))
    return found


class Readiness:
    """The checks of one province, once its documents and departments are read."""

    def __init__(self, own: Fields, documents: dict[str, DocumentSettings],
                 departments: list[tuple[Department, PathKey]]) -> None:
        self.own = own
        self.documents = documents
        self.departments = departments

    def run(self, samples: set[PathKey]) -> None:
        for kind, settings in self.documents.items():
            self._citations(kind, settings, samples)
        self._recipients()
        self._number_order()
        self._functions()

    def _report(self, settings: DocumentSettings, key: PathKey, message: str, *,
                found: str | None = None, expected: str | None = None) -> None:
        """An error in a final document, a warning in a draft."""
        self.own.report(key, message, found=found, expected=expected, warning=not settings.final)

    # --- citations -----------------------------------------------------------------------

    def _citations(self, kind: str, settings: DocumentSettings, samples: set[PathKey]) -> None:
        first: dict[str, PathKey] = {}
        for key, text, tagged in _cited(self.own, kind, settings):
            if tagged or key in samples:
                continue  # sample data: a draft shows it highlighted, a final refuses it
            problem = citation_problem(text)
            if problem is not None:
                self.own.report(key, problem, found=describe(text),
                                expected="ghi đủ loại văn bản, số, ký hiệu, ngày và cơ quan ban "
                                         "hành (Phụ lục I, II.6.b), ví dụ 'Văn bản số "
                                         "375/LĐTBXH-TE ngày 23/02/2021 của Bộ Lao động - "
                                         "Thương binh và Xã hội'; văn bản chưa có số thì đánh "
                                         "dấu !mau, hoặc bỏ trích dẫn")
                continue
            cited = read_citation(text)
            self._against_this_file(kind, key, cited)
            ident = cited.identifier
            if ident is None:
                continue
            if ident in first:
                self._report(settings, key,
                             f"văn bản số {ident} đã được dẫn ở {dotted(first[ident])}: trong "
                             f"một văn bản, mỗi văn bản được dẫn chỉ nêu một lần, với một "
                             f"trích yếu", found=describe(text),
                             expected="bỏ lần dẫn này, hoặc dẫn đúng văn bản khác (ở "
                                      "province_letter: văn bản của UBND chỉ đạo việc này)")
            else:
                first[ident] = key

    def _against_this_file(self, citing: str, key: PathKey, cited: Citation) -> None:
        """A citation of a document this file also makes: issued, with its number and date."""
        if cited.symbol is None or cited.issued is None:
            return
        for kind, settings in self.documents.items():
            if kind == citing or _symbol(settings) != cited.symbol \
                    or settings.date.year != cited.issued.year:
                continue
            made = settings.date
            if not settings.final:
                same = made.month in (None, cited.issued.month) and made.day in (
                    None, cited.issued.day)
                if same:
                    self.own.report(
                        key, f"dẫn văn bản số {cited.identifier} như đã ban hành, nhưng văn bản "
                             f"{kind} cùng ký hiệu {cited.symbol} năm {made.year} trong tệp này "
                             "còn là bản dự thảo (chưa có số hoặc ngày)",
                        found=describe(cited.text),
                        expected=f"bỏ trích dẫn cho đến khi văn bản {kind} được ký; hoặc ghi số "
                                 f"và ngày của documents.{kind}")
            elif (cited.number == settings.number) != (cited.issued == made.complete):
                self.own.report(
                    key, f"văn bản số {cited.identifier} ngày {cited.issued:%d/%m/%Y} không "
                         f"khớp với văn bản {kind} của tệp này (số {settings.number}, ngày "
                         f"{made.complete:%d/%m/%Y})",
                    found=describe(cited.text),
                    expected=f"sửa số hoặc ngày cho khớp với documents.{kind}")

    # --- Nơi nhận ------------------------------------------------------------------------

    def _recipients(self) -> None:
        settings = self.documents.get(PLAN)
        if settings is None:
            return
        recipients = [r.casefold() for r in settings.recipients]
        for department, key in self.departments:
            if self.own.get((*key, "notify")) is False or not department.tasks:
                continue
            body = _body_named(department)
            if body is None or _notified(body, recipients):
                continue
            self._report(settings, ("documents", PLAN, "recipients"),
                         f"{body} được giao nhiệm vụ ở mục Tổ chức thực hiện "
                         f"({dotted(key)}) nhưng không có trong Nơi nhận của Kế hoạch",
                         expected=f"thêm '{body}' vào documents.{PLAN}.recipients; nếu cố ý "
                                  f"không gửi, ghi notify: false cho sở, ngành đó")

    # --- the register --------------------------------------------------------------------

    def _number_order(self) -> None:
        registers: dict[tuple[str, int], list[tuple[date, int, str]]] = {}
        for kind, settings in self.documents.items():
            issued = settings.date.complete
            if settings.final and issued is not None and settings.number is not None:
                registers.setdefault((settings.agency.key, issued.year), []).append(
                    (issued, settings.number, kind))
        for (agency, year), entries in registers.items():
            entries.sort()
            for (d1, n1, k1), (d2, n2, k2) in pairwise(entries):
                if n2 <= n1 and d2 > d1:
                    self.own.report(
                        ("documents", k2, "number"),
                        f"số {n2} của văn bản {k2} (ngày {d2:%d/%m/%Y}) nhỏ hơn số {n1} của "
                        f"văn bản {k1} cùng cơ quan ban hành ({agency}) nhưng ngày sớm hơn "
                        f"({d1:%d/%m/%Y}): sổ đăng ký văn bản đi của năm {year} đánh số theo "
                        "thứ tự ngày",
                        found=str(n2), expected="kiểm tra lại số hoặc ngày của hai văn bản",
                        warning=True)

    # --- who holds which function --------------------------------------------------------

    def _functions(self) -> None:
        plans = [s for k, s in self.documents.items() if k in ("ke-hoach",
                                                                 "quyet-dinh-ban-hanh")]
        if not plans:
            return
        latest = max(plans, key=lambda s: (s.date.year, s.date.month or 0))
        for department, key in self.departments:
            raw = self.own.get((*key, "roles"))
            roles = [r for r in raw if isinstance(r, str)] if isinstance(raw, list) else []
            where = (*key, "roles") if roles else (*key, "name") if department.name else key
            for message, expected in function_problems(
                    department.name, roles, list(department.tasks), year=latest.date.year,
                    month=latest.date.month):
                self._report(latest, where, f"{message} (văn bản ngày "
                             f"{latest.date.month or '..'}/{latest.date.year})",
                             expected=expected)


# --- who a recipient line reaches ----------------------------------------------------------

_FRONT = re.compile(r"Mặt trận Tổ quốc|MTTQ", re.IGNORECASE)
_COLLECTIVE_DEPARTMENTS = re.compile(r"\bcác sở\b|\bsở, ban, ngành\b|\bsở, ngành\b",
                                     re.IGNORECASE)
_LOCAL = re.compile(r"^(UBND|Ủy ban nhân dân) các\b", re.IGNORECASE)


def _body_named(department: Department) -> str | None:
    """The body a department entry stands for, as Nơi nhận would name it."""
    if department.name:
        return department.name
    if any(_FRONT.search(task) for task in department.tasks):
        return "Ủy ban Mặt trận Tổ quốc Việt Nam"
    return None


def _notified(body: str, recipients: list[str]) -> bool:
    """Whether a Nơi nhận line reaches ``body``: by its name, or by a line for all bodies
    of its kind ("Các sở, ban, ngành tỉnh" reaches every Sở)."""
    name = body.casefold()
    if any(name in line for line in recipients):
        return True
    if name.startswith(("sở ", "ban ", "các sở")):
        return any(_COLLECTIVE_DEPARTMENTS.search(line) for line in recipients)
    if name.startswith("công an"):
        return any("công an" in line for line in recipients)
    if _FRONT.search(body):
        return any(_FRONT.search(line) for line in recipients)
    if _LOCAL.match(body):
        return any(_LOCAL.match(line) for line in recipients)
    return False


def read_period(own: Fields) -> tuple[int, int] | None:
    """``programme.period`` as the province set it: [first year, last year]."""
    key = ("programme", "period")
    raw = own.get(key)
    if raw is None:
        return None
    if not isinstance(raw, list) or len(raw) != 2:
        own.report(key, "giai đoạn cần hai năm: năm đầu và năm cuối", found=describe(raw),
                   expected="ví dụ [2026, 2030]")
        return None
    years = [own.integer((*key, i), minimum=1) for i, _ in indexed(raw)]
    if None in years:
        return None
    return years[0], years[1]  # type: ignore[return-value]
