"""Loading a province: its YAML merged over the shared programme, validated into the model.

The shared file (``provinces/shared/programme.yaml``) carries the national content; a
province file overrides values and wording. Every problem in either file is collected
and raised together as one ConfigError, before anything is written. The keys each table
may hold come from config.schema (``Fields.table``), which docs/cau-hinh.md documents.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.config import samples as sample_values
from generator.config import schema
from generator.config.fields import Fields, describe
from generator.config.layout_values import (
    place_problem,
)
from generator.config.province_documents import TERMS, DocumentsReader
from generator.config.province_targets import Located, TargetsReader
from generator.config.readiness import Readiness, read_period
from generator.config.results import check_report, read_results
from generator.config.shared_content import SharedContent, load_shared_content
from generator.config.yaml_source import (
    PathKey,
    RejectedValues,
    Source,
    indexed,
    load,
)
from generator.domain import units
from generator.domain.errors import ConfigError, Problem
from generator.domain.levels import (
    after_reform,
    district_words,
    level_terms,
    wrong_level_words,
)
from generator.domain.model import (
    YEARS,
    Department,
    DocumentSettings,
    Indicator,
    IssueDate,
    Programme,
    Province,
    TaskGroup,
)
from generator.domain.names import ID_EXPECTED, id_problem
from generator.domain.periods import (
    PERIOD_TERMS,
    PROGRAMME_END,
    PROGRAMME_START,
    Period,
    default_period,
    period_problem,
)
from generator.domain.samples import Sample
from generator.domain.wording import placeholders, stray_braces

SHARED_FILE = "programme.yaml"
# The names below come from config.schema, which declares every key once.
PROGRAMME_TEXTS = tuple(k.name for k in schema.children(schema.PROGRAMME, ())
                        if k.type == schema.TEXT)
HEADINGS = tuple(schema.names(schema.PROGRAMME, ("headings",)))
VARIANT = schema.key(schema.PROVINCE, "province.variant")
KIND = schema.key(schema.PROVINCE, "province.kind")


def province_id(path: Path) -> str:
    """The id of a province file: its name without .yaml, and the name of its output folder."""
    return path.stem


def _check_file_name(path: Path, problems: list[Problem]) -> None:
    """The file name becomes the output folder's: ``CON.yaml`` or ``long an.yaml`` is refused."""
    problem = id_problem(province_id(path))
    if problem is not None:
        problems.append(Problem(path, None, "(tệp)",
                                f"tên tệp '{path.name}' không dùng làm mã tỉnh được: {problem}",
                                found=path.name,
                                expected=f"đổi tên tệp: {ID_EXPECTED} (long-an.yaml)"))


def read_province(path: Path, shared_dir: Path) -> tuple[Province, list[Problem]]:
    """Read, merge and validate one province: the model and its warnings.

    Raises ConfigError with every problem found (errors and warnings, in file order)
    when there is any error.
    """
    problems: list[Problem] = []
    _check_file_name(path, problems)
    sources = _load_sources(path, shared_dir / SHARED_FILE, problems)
    if sources is None:
        raise ConfigError(problems)
    shared, own = sources
    content = load_shared_content(shared_dir, problems)
    rejected = {(p.file, p.mark, p.field) for p in problems}
    read_problems = len(problems)
    province = _ProvinceReader(Fields(shared, problems, schema.PROGRAMME),
                               Fields(own, problems, schema.PROVINCE), content).read()
    # A value the YAML reader rejected (1.200, yes...) is not reported a second time.
    problems[read_problems:] = [p for p in problems[read_problems:]
                                if (p.file, p.mark, p.field) not in rejected]
    errors = [p for p in problems if not p.warning]
    if errors or province is None:
        raise ConfigError(sorted(problems, key=_order))
    return province, sorted(problems, key=_order)


def load_province(path: Path, shared_dir: Path) -> Province:
    """The validated province, for callers that do not show warnings."""
    return read_province(path, shared_dir)[0]


def _order(problem: Problem) -> tuple[str, int, int]:
    mark = problem.mark
    return (str(problem.file), mark.line if mark else 0, mark.column if mark else 0)


def _load_sources(path: Path, shared_path: Path,
                  problems: list[Problem]) -> tuple[Source, Source] | None:
    loaded: list[Source] = []
    for file in (shared_path, path):
        try:
            loaded.append(load(file))
        except RejectedValues as exc:  # still checked, so one run reports every mistake
            problems.extend(exc.problems)
            loaded.append(exc.source)
        except ConfigError as exc:
            problems.extend(exc.problems)
    return (loaded[0], loaded[1]) if len(loaded) == 2 else None


class _ProvinceReader(TargetsReader, DocumentsReader):
    """Reads one province file against the shared file; each method reads one section."""

    def __init__(self, shared: Fields, own: Fields, content: SharedContent) -> None:
        self.shared = shared
        self.own = own
        self.content = content
        # The chỉ tiêu numbers, known even when a value is wrong, so "leads" is still checked.
        self.target_numbers: list[int] = []
        # The plan period the province set (programme.period), else None: by document date.
        self.period: tuple[int, int] | None = None
        self.terms: dict[str, str] = {}
        self.documents_read: dict[str, DocumentSettings] = {}
        # Each target's wordings by milestone (None: the full text), kept with where they
        # were written, for the check once the documents' periods are known.
        self.wordings: dict[int, tuple[dict[int | None, Located], dict[str, Indicator],
                                       tuple[Fields, PathKey] | None]] = {}

    def read(self) -> Province | None:
        own = self.own
        top = own.table(())
        self.shared.table(())
        if top is None:
            return None
        info = own.table(("province",)) or {}
        name = own.text(("province", "name")) if "name" in info else None
        place = own.text(("province", "place")) if "place" in info else None
        if place:
            self._layout(own, ("province", "place"), place_problem(place), place)
        variant = own.choice(("province", "variant"), VARIANT.choices, VARIANT.default)
        unit = units.find(name) if name else None
        kind = own.choice(("province", "kind"), KIND.choices, unit.kind if unit else "tinh")
        departments = self._departments()
        lead = self._lead_department(departments)
        level = level_terms(kind, level_in_name=unit is not None and unit.kind == kind
                            and unit.level_in_name)
        terms = self._terms(name, lead, level)
        self.terms = terms or {}
        programme = self._programme(terms)
        agencies = self._agencies()
        signers = self._signers()
        if self.target_numbers and departments is not None:
            self._check_departments(departments, self.target_numbers, terms or {})
        self.period = self._period()
        documents = self._documents(agencies, signers)
        self.documents_read = documents or {}
        samples: list[Sample] = []
        self._check_wordings(documents)
        if documents is not None:
            self._check_level_words(name or "", kind, documents)
            samples = sample_values.collect(own.source, documents, self._printed_years)
            sample_values.report(samples, documents, own.problems)
            if departments is not None:
                Readiness(own, documents, departments).run({s.key for s in samples})
        results = None
        if programme is not None and departments is not None and documents is not None:
            results = read_results(own, programme, tuple(d for d, _ in departments),
                                   self._results_period(documents))
            if results is not None:
                check_report(own, documents, results)
        if None in (name, place, terms, programme, departments, lead, documents, results):
            return None
        return Province(id=province_id(own.source.path), source=own.source.path, name=name,
                        place=place, variant=variant, terms=terms, programme=programme,
                        departments=tuple(d for d, _ in departments), lead_department=lead,
                        documents=documents, samples=tuple(samples), results=results)

    def _lines(self, key: PathKey, lines: list[str]) -> list[tuple[PathKey, str]]:
        """Each line of a text list with where it is (a single text is at ``key`` itself)."""
        if isinstance(self.own.get(key), list) and len(self.own.get(key)) == len(lines):
            return [((*key, i), line) for i, line in indexed(lines)]
        return [(key, line) for line in lines]

    @staticmethod
    def _layout(fields: Fields, key: PathKey, problem: tuple[str, str] | None,
                value: str) -> None:
        """Report a value ``vanban check`` would refuse in the document (config.layout_values)."""
        if problem is not None:
            fields.report(key, problem[0], found=describe(value), expected=problem[1])

    # --- terms and programme -------------------------------------------------------------

    def _terms(self, name: str | None, lead: Department | None,
               level: dict[str, str]) -> dict[str, str] | None:
        """The shared terms, the level words of the province's kind, then its own terms."""
        shared_terms = self.shared.table(("terms",)) or {}
        own_terms = self.own.table(("terms",))
        if own_terms is None:
            return None
        terms: dict[str, str] = {}
        for key in shared_terms:
            terms[key] = self.shared.text(("terms", key)) or ""
        terms.update(level)
        for key in own_terms:
            if key in TERMS:
                terms[key] = self.own.text(("terms", key)) or ""
        terms.setdefault("province_committee", f"UBND {terms['cap_tinh']}")
        terms["province"] = name or ""
        terms["lead_department"] = (lead.name or "") if lead else ""
        return terms

    def _source_of(self, key: str) -> Fields:
        """Where a programme piece comes from: the province's override, else the shared file."""
        overrides = self.own.get(("programme",))
        if isinstance(overrides, dict) and key in overrides:
            return self.own
        return self.shared

    def _pkey(self, fields: Fields, key: str) -> PathKey:
        return ("programme", key) if fields is self.own else (key,)

    def _programme(self, terms: dict[str, str] | None) -> Programme | None:
        if self.own.get(("programme",)) is not None:
            self.own.table(("programme",))
        texts: dict[str, str | None] = {}
        for key in PROGRAMME_TEXTS:
            fields = self._source_of(key)
            texts[key] = fields.text(self._pkey(fields, key))
            if texts[key] and terms is not None:
                extra = ("targets",) if key == "lead_sentence" else ()
                self._check_terms(fields, self._pkey(fields, key), texts[key], terms, extra)
        headings = self._headings()
        goals = self._goals()
        groups = self._task_groups(terms or {})
        fields = self._source_of("funding")
        funding = fields.text_list(self._pkey(fields, "funding"))
        targets = self._targets(goals or {}, terms or {})
        if None in (*texts.values(), headings, goals, groups, funding, targets):
            return None
        return Programme(headings=headings, goals=goals, targets=targets,
                         task_groups=tuple(groups), funding=tuple(funding), **texts)

    def _headings(self) -> dict[str, str] | None:
        fields = self._source_of("headings")
        key = self._pkey(fields, "headings")
        if fields.table(key) is None:
            return None
        values = {name: fields.text((*key, name)) for name in HEADINGS}
        return None if None in values.values() else values  # type: ignore[return-value]

    def _goals(self) -> dict[int, str] | None:
        fields = self._source_of("goals")
        key = self._pkey(fields, "goals")
        raw = fields.get(key)
        if not isinstance(raw, dict) or not raw:
            fields.report(key, "cần bảng các mục tiêu", found=describe(raw),
                          expected="1: Về ...\n2: Về ...")
            return None
        goals = {}
        for number in raw:
            if not isinstance(number, int) or isinstance(number, bool):
                fields.report((*key, number), "số thứ tự mục tiêu phải là số nguyên",
                              found=describe(number), of_key=True)
                continue
            text = fields.text((*key, number))
            if text:
                goals[number] = text
        return goals

    def _task_groups(self, terms: dict[str, str]) -> list[TaskGroup] | None:
        fields = self._source_of("task_groups")
        key = self._pkey(fields, "task_groups")
        raw = fields.get(key)
        if not isinstance(raw, list) or not raw:
            fields.report(key, "cần danh sách các nhóm nhiệm vụ", found=describe(raw),
                          expected="- title: ...\n  items: [...]")
            return None
        groups = []
        for i, _ in indexed(raw):
            if fields.table((*key, i)) is None:
                continue
            title = fields.text((*key, i, "title"))
            items = fields.text_list((*key, i, "items"))
            if title and items is not None:
                self._check_terms(fields, (*key, i, "title"), title, terms)
                for j, item in indexed(items):
                    self._check_terms(fields, (*key, i, "items", j), item, terms)
                groups.append(TaskGroup(title, tuple(items)))
        return groups

    def _check_terms(self, fields: Fields, key: PathKey, text: str, terms: dict[str, str],
                     extra: tuple[str, ...] = ()) -> None:
        """Every ``{name}`` in a text must be a known term; indicator values are not allowed."""
        allowed = [*terms, *extra, *(PERIOD_TERMS if terms else ())]
        for name, year in placeholders(text):
            # No terms at all: the province's "terms" is broken (reported there), so an
            # unknown {name} here would be a consequence, not a second mistake.
            if year is not None or (terms and name not in allowed):
                shown = f"{{{name}.{year}}}" if year else f"{{{name}}}"
                fields.report(key, f"tham số {shown} không có", found=shown,
                              expected="một trong: " + ", ".join(f"{{{n}}}" for n in allowed))
        if stray_braces(text):
            fields.report(key, "dấu ngoặc nhọn { } không thành một tham số hợp lệ",
                          found=describe(text), expected="{ten_tham_so} hoặc {a.2025}")

    # --- targets -------------------------------------------------------------------------

    def _departments(self) -> list[tuple[Department, PathKey]] | None:
        fields = self.own
        raw = fields.get(("departments",))
        if not isinstance(raw, list) or not raw:
            fields.report(("departments",), "cần danh sách các sở, ngành", found=describe(raw),
                          expected="- id: y-te\n  name: Sở Y tế\n  leads: [3, 4]\n  tasks: [...]")
            return None
        result, seen = [], set()
        for i, _ in indexed(raw):
            key = ("departments", i)
            body = fields.table(key)
            if body is None:
                continue
            ident = fields.text((*key, "id"))
            if ident in seen:
                fields.report((*key, "id"), f"mã '{ident}' đã dùng cho một sở khác",
                              expected="mỗi sở một mã riêng")
            seen.add(ident)
            name = fields.text((*key, "name"), required=False)
            leads = self._leads((*key, "leads"))
            tasks = self._department_tasks(key, body)
            # Wrong tasks (reported) do not make the department's targets "led by none".
            if ident and leads is not None:
                result.append((Department(ident, name, tuple(leads), tuple(tasks or ())), key))
        return result

    def _department_tasks(self, key: PathKey, body: dict[str, Any]) -> list[str] | None:
        """Its own ``tasks``, else the standard tasks of its ``roles`` (shared, in order).

        A department with two roles (Sở Y tế leading children's affairs after 2025) gets
        both lists; a task repeated across roles, such as "{lead}.", is kept once.
        """
        fields = self.own
        if "tasks" in body:
            return fields.text_list((*key, "tasks"))
        if "roles" not in body:
            fields.report(key, "sở cần 'tasks' (nhiệm vụ riêng) hoặc 'roles' (nhiệm vụ chuẩn)",
                          expected="tasks: [...] hoặc roles: [health]; các vai trò: "
                                   + ", ".join(self.content.roles))
            return None
        tasks: list[str] = []
        for i, role in indexed(fields.text_list((*key, "roles")) or []):
            if role not in self.content.roles:
                fields.report((*key, "roles", i), f"không có vai trò '{role}'",
                              expected="một trong: " + ", ".join(self.content.roles))
                continue
            tasks.extend(t for t in self.content.roles[role] if t not in tasks)
        return tasks

    def _leads(self, key: PathKey) -> list[int] | None:
        raw = self.own.get(key)
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.own.report(key, "sai kiểu dữ liệu", found=describe(raw),
                            expected="danh sách số chỉ tiêu, ví dụ [3, 4, 5]")
            return None
        values = [self.own.integer((*key, i), minimum=1) for i, _ in indexed(raw)]
        return [v for v in values if v is not None]

    def _lead_department(self, departments: list[tuple[Department, PathKey]] | None
                         ) -> Department | None:
        if departments is None:
            return None
        named = {d.key: d for d, _ in departments if d.name}
        return self.own.reference(("lead_department",), named, "sở, ngành (có tên)")

    def _check_departments(self, departments: list[tuple[Department, PathKey]],
                           numbers: list[int], terms: dict[str, str]) -> None:
        fields = self.own
        owner: dict[int, str] = {}
        for department, key in departments:
            for i, number in indexed(department.leads):
                if number not in numbers:
                    fields.report((*key, "leads", i), f"không có chỉ tiêu {number}",
                                  expected=f"số chỉ tiêu từ 1 đến {max(numbers)}")
                elif number in owner:
                    fields.report((*key, "leads", i),
                                  f"chỉ tiêu {number} đã do '{owner[number]}' chủ trì; mỗi chỉ "
                                  "tiêu chỉ do một sở chủ trì",
                                  expected=f"xóa {number} khỏi một trong hai sở")
                else:
                    owner[number] = department.key
            extra = ("lead",) if department.leads else ()
            for j, task in indexed(department.tasks):
                self._check_terms(fields, (*key, "tasks", j), task, terms, extra)
        for number in numbers:
            if number not in owner:
                fields.report(("departments",), f"chỉ tiêu {number} chưa có sở nào chủ trì",
                              expected=f"thêm {number} vào 'leads' của sở chủ trì")

    # --- the plan's period -----------------------------------------------------------------

    def _period(self) -> tuple[int, int] | None:
        """``programme.period`` when the province set one (checked), else None."""
        period = read_period(self.own)
        if period is None:
            return None
        problem = period_problem(*period)
        if problem is not None:
            self.own.report(("programme", "period"), f"giai đoạn {period[0]}-{period[1]}: "
                            f"{problem}", found=f"[{period[0]}, {period[1]}]",
                            expected="hai năm trong 2021-2030, ví dụ [2026, 2030]")
            return None
        return period

    def _results_period(self, documents: dict[str, DocumentSettings]) -> tuple[int, int]:
        """The years results may be reported for: the plan's period (programme.period, else
        the plan's or the report's own by its date), the whole programme without either."""
        if self.period is not None:
            return self.period
        for kind in (*sample_values.PLAN_KINDS, "bao-cao"):
            if kind in documents:
                return documents[kind].period
        return PROGRAMME_START, PROGRAMME_END

    def _period_of(self, when: tuple[int, int | None, int | None]) -> tuple[int, int]:
        if self.period is not None:
            return self.period
        found = default_period(IssueDate(*when))
        return found.start, found.end

    def _check_wordings(self, documents: dict[str, DocumentSettings] | None) -> None:
        """Each target wording a plan prints exists and names only values that exist.

        Which wording a plan prints follows its period: ``text`` when it holds every
        milestone, ``text_2030`` when only 2030 (a plan issued after July 2025).
        """
        periods = {(kind, s.period) for kind, s in (documents or {}).items()
                   if kind in sample_values.PLAN_KINDS}
        self._past_milestones(documents or {})
        needed: dict[tuple[int, ...], str] = {}
        for kind, period in sorted(periods):
            needed.setdefault(Period(*period).milestones, kind)
        if documents is None:
            needed = {YEARS: ""}
        for number, (texts, indicators, replaced) in sorted(self.wordings.items()):
            for milestones, kind in needed.items():
                variant = None if milestones == YEARS else milestones[0]
                text = texts.get(variant)
                if text is None:
                    self._missing_wording(number, variant, texts, kind, documents)
                    continue
                own_full = texts[None].fields is self.own
                if variant is not None and own_full and text.fields is self.shared \
                        and documents is not None:
                    # The province reworded the target: the shared short form would drop it.
                    period = Period(*documents[kind].period)
                    self.own.report(texts[None].key,
                                    f"chỉ tiêu {number} có câu chữ riêng (text) nhưng không có "
                                    f"text_{variant}, dùng khi Kế hoạch chỉ còn mốc năm "
                                    f"{variant} ({kind}, giai đoạn {period})",
                                    expected=f"thêm text_{variant} cho chỉ tiêu {number}, chỉ "
                                             f"dùng giá trị năm {variant}")
                    continue
                self._check_target_text(text, indicators, self.terms, replaced)

    def _past_milestones(self, documents: dict[str, DocumentSettings]) -> None:
        """A period the province set that holds a milestone already over when the plan is
        issued: its values would print as targets, though they are results by then."""
        if self.period is None:
            return
        for kind, settings in documents.items():
            past = [y for y in Period(*self.period).milestones if y < settings.date.year]
            if kind in sample_values.PLAN_KINDS and past:
                start, end = self.period
                self.own.report(("programme", "period"),
                                f"giai đoạn {start}-{end} có mốc năm "
                                f"{', '.join(map(str, past))} đã qua khi văn bản {kind} ban "
                                f"hành (năm {settings.date.year}): giá trị năm đó vẫn in như "
                                "chỉ tiêu", found=f"[{start}, {end}]",
                                expected=f"[{settings.date.year}, {end}] (chỉ tiêu năm {end}), "
                                         "hoặc bỏ programme.period để tính theo ngày ban hành",
                                warning=True)
                return

    def _printed_years(self, kind: str, number: int) -> set[int]:
        """The years of target ``number``'s values the document ``kind`` prints."""
        found = self.wordings.get(number)
        settings = self.documents_read.get(kind)
        if found is None or settings is None:
            return set(YEARS)
        milestones = Period(*settings.period).milestones
        variant = None if milestones == YEARS or len(milestones) != 1 else milestones[0]
        text = found[0].get(variant) or found[0][None]
        return {year for _name, year in placeholders(text.value or "") if year is not None}

    def _missing_wording(self, number: int, variant: int | None,
                         texts: dict[int | None, Located], kind: str,
                         documents: dict[str, DocumentSettings] | None) -> None:
        where = texts[None]
        period = Period(*documents[kind].period) if documents else None
        what = f"text_{variant}" if variant is not None else "text"
        where.fields.report(where.key,
                            f"chỉ tiêu {number} không có câu chữ {what}, cần cho Kế hoạch giai "
                            f"đoạn {period} ({kind}): chỉ mốc năm {variant} nằm trong giai đoạn",
                            expected=f"thêm targets.{number}.{what} (chỉ dùng giá trị năm "
                                     f"{variant}), hoặc ghi programme.period khác")

    # --- the level words -----------------------------------------------------------------

    def _check_level_words(self, name: str, kind: str,
                           documents: dict[str, DocumentSettings]) -> None:
        """Warn where the province's own words name the wrong level.

        A city copied from a tỉnh keeps "UBND tỉnh" or "TỈNH ..." in its header; a province
        whose documents all date from after the 2025 reform still names huyện or thị trấn.
        Warnings, not errors: the province may quote an older text on purpose.
        """
        reformed = bool(documents) and all(after_reform(d.date.year, d.date.month)
                                           for d in documents.values())
        level = "thành phố" if kind == "thanh-pho" else "tỉnh"
        words = level_terms(kind)
        for key, text in _texts(self.own.source.data):
            if wrong := _listed(wrong_level_words(text, kind, reformed=reformed)):
                self.own.report(
                    key, f"{wrong} không đúng cấp: {name} là {KIND.choices[kind]} "
                         f"(province.kind: {kind})", found=describe(text),
                    expected=f"viết '{level}' (UBND {level}, {words['tinh_uy']}, "
                             f"{words['tinh_doan']}); trong câu chữ dùng {{cap_tinh}}, "
                             "{tinh_uy}, {tinh_doan}", warning=True)
            if reformed and (gone := _listed(district_words(text))):
                self.own.report(
                    key, f"{gone}: từ 01/7/2025 không còn cấp huyện, mọi văn bản của tỉnh "
                         "đều ban hành sau ngày đó", found=describe(text),
                    expected="xã, phường (và đặc khu nếu tỉnh có)", warning=True)

    # --- agencies, signers, documents ----------------------------------------------------

def _listed(words: list[str]) -> str:
    """Each word once, quoted: "'tỉnh', 'Tỉnh ủy'"."""
    return ", ".join(f"'{word}'" for word in dict.fromkeys(words))


def _texts(value: Any, key: PathKey = ()) -> list[tuple[PathKey, str]]:
    """Every text in a loaded YAML value, with where it is."""
    if isinstance(value, str):
        return [(key, value)]
    if isinstance(value, dict):
        return [found for name, item in value.items() for found in _texts(item, (*key, name))]
    if isinstance(value, list):
        return [found for i, item in indexed(value) for found in _texts(item, (*key, i))]
    return []
