"""Loading a province: its YAML merged over the shared programme, validated into the model.

The shared file (``provinces/shared/programme.yaml``) carries the national content; a
province file overrides values and wording. Every problem in either file is collected
and raised together as one ConfigError, before anything is written. The keys each table
may hold come from config.schema (``Fields.table``), which docs/cau-hinh.md documents.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from generator.config import samples as sample_values
from generator.config import schema
from generator.config.fields import Fields, describe
from generator.config.layout_values import (
    archive_problem,
    capitals,
    letter_symbol_problem,
    opening_problem,
    place_problem,
    signer_name_problem,
    symbol_problem,
    title_problem,
)
from generator.config.readiness import Readiness, read_period
from generator.config.results import check_report, read_results
from generator.config.shared_content import LIST, REQUIRED, TEXT, SharedContent, load_shared_content
from generator.config.yaml_source import (
    Index,
    PathKey,
    RejectedValues,
    Source,
    dotted,
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
    DIRECTIONS,
    DOCUMENT_KINDS,
    UNITS,
    YEARS,
    Agency,
    ContentValue,
    Department,
    DocumentSettings,
    Indicator,
    IssueDate,
    Number,
    Programme,
    Province,
    Signer,
    Target,
    TaskGroup,
)
from generator.domain.names import ID_EXPECTED, TEMPLATE_EXPECTED, id_problem, template_problem
from generator.domain.periods import (
    PERIOD_TERMS,
    PROGRAMME_END,
    PROGRAMME_START,
    Period,
    default_period,
    period_problem,
)
from generator.domain.samples import Sample
from generator.domain.signing import authority_problem, name_problem, sequence_problem
from generator.domain.wording import placeholders, stray_braces

SHARED_FILE = "programme.yaml"
# The names below come from config.schema, which declares every key once.
TERMS = tuple(schema.names(schema.PROVINCE, ("terms",)))
DERIVED_TERMS = ("lead_department", "province")
PROGRAMME_TEXTS = tuple(k.name for k in schema.children(schema.PROGRAMME, ())
                        if k.type == schema.TEXT)
HEADINGS = tuple(schema.names(schema.PROGRAMME, ("headings",)))
VARIANT = schema.key(schema.PROVINCE, "province.variant")
KIND = schema.key(schema.PROVINCE, "province.kind")


@dataclass
class _Located:
    """A merged value and the file position it came from, for later messages."""

    value: Any
    fields: Fields
    key: PathKey


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


class _ProvinceReader:
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
        self.wordings: dict[int, tuple[dict[int | None, _Located], dict[str, Indicator],
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

    def _targets(self, goals: dict[int, str], terms: dict[str, str]) -> dict[int, Target] | None:
        raw = self.shared.get(("targets",))
        if not isinstance(raw, dict) or not raw:
            self.shared.report(("targets",), "cần bảng các chỉ tiêu", found=describe(raw))
            return None
        self.target_numbers = [n for n in raw if isinstance(n, int) and not isinstance(n, bool)]
        merged: dict[int, dict[str, Any]] = {}
        for number in raw:
            base = self._shared_target(number, goals)
            if base is not None:
                merged[number] = base
        self._apply_target_overrides(merged)
        targets = {}
        for number in sorted(merged):
            target = self._finish_target(number, merged[number], terms)
            if target is not None:
                targets[number] = target
        return targets if len(targets) == len(merged) else None

    def _shared_target(self, number: Any, goals: dict[int, str]) -> dict[str, Any] | None:
        fields, key = self.shared, ("targets", number)
        if not isinstance(number, int) or isinstance(number, bool):
            fields.report(key, "số chỉ tiêu phải là số nguyên", found=describe(number),
                          of_key=True)
            return None
        if fields.table(key) is None:
            return None
        goal = fields.integer((*key, "goal"))
        if goal is not None and goal not in goals:
            fields.report((*key, "goal"), f"không có mục tiêu {goal}",
                          expected="một trong: " + ", ".join(map(str, goals)))
        text = fields.text((*key, "text"))
        indicators = self._indicators(fields, (*key, "indicators"))
        if goal is None or text is None or indicators is None:
            return None
        texts = {year: _Located(fields.text((*key, f"text_{year}")), fields,
                                (*key, f"text_{year}"))
                 for year in YEARS if fields.get((*key, f"text_{year}")) is not None}
        return {"goal": goal, "text": _Located(text, fields, (*key, "text")), "texts": texts,
                "indicators": indicators}

    def _indicators(self, fields: Fields, key: PathKey) -> dict[str, _Located] | None:
        raw = fields.get(key)
        if not isinstance(raw, dict):
            fields.report(key, "cần bảng các chỉ số", found=describe(raw),
                          expected="a: {label: ..., unit: percent, direction: increase, "
                                   "2025: 80, 2030: 85}")
            return None
        result = {}
        for name in raw:
            ikey = (*key, name)
            if fields.table(ikey) is None:
                continue
            label = fields.text((*ikey, "label"))
            unit = fields.choice((*ikey, "unit"), UNITS, "number")
            direction = fields.choice((*ikey, "direction"), DIRECTIONS, "increase")
            values = {year: _Located(fields.number((*ikey, year)), fields, (*ikey, year))
                      for year in YEARS if fields.get((*ikey, year)) is not None}
            if label is not None:
                # The shared file's values are the national ones, kept for the report.
                national = values if fields is self.shared else {}
                result[str(name)] = _Located({"label": label, "unit": unit,
                                              "direction": direction, "values": values,
                                              "national": national}, fields, ikey)
        return result

    def _apply_target_overrides(self, merged: dict[int, dict[str, Any]]) -> None:
        fields = self.own
        raw = fields.get(("targets",))
        if raw is None:
            return
        if not isinstance(raw, dict):
            fields.report(("targets",), "sai kiểu dữ liệu", found=describe(raw),
                          expected="bảng theo số chỉ tiêu: 1: {2025: 80, 2030: 85}")
            return
        for number in raw:
            key = ("targets", number)
            if number not in merged:
                fields.report(key, f"không có chỉ tiêu {number}", found=describe(number),
                              expected=f"số chỉ tiêu từ {min(merged)} đến {max(merged)}",
                              of_key=True)
                continue
            self._override_target(merged[number], key)

    def _override_target(self, target: dict[str, Any], key: PathKey) -> None:
        fields = self.own
        names = list(target["indicators"])
        body = fields.table(key, indicator=names)
        if body is None:
            return
        if "text" in body:
            text = fields.text((*key, "text"))
            if text:
                target["text"] = _Located(text, fields, (*key, "text"))
        for year in YEARS:
            if f"text_{year}" in body:
                text = fields.text((*key, f"text_{year}"))
                if text:
                    target["texts"][year] = _Located(text, fields, (*key, f"text_{year}"))
        if "indicators" in body:
            replaced = self._indicators(fields, (*key, "indicators"))
            if replaced is not None:
                target["indicators"] = replaced
                names = list(replaced)
        year_keys = [y for y in YEARS if y in body]
        if year_keys:
            if len(names) != 1:
                fields.report(key, f"chỉ tiêu có {len(names)} chỉ số ({', '.join(names)}), "
                                   "không ghi giá trị năm trực tiếp được",
                              expected=f"ghi theo từng chỉ số, ví dụ {names[0]}: "
                                       "{2025: ..., 2030: ...}")
            else:
                self._override_values(target["indicators"][names[0]], key)
        for name in names:
            if name in body and name not in ("text", "indicators"):
                if fields.table((*key, name)) is not None:
                    self._override_values(target["indicators"][name], (*key, name))

    def _override_values(self, indicator: _Located, key: PathKey) -> None:
        values = dict(indicator.value["values"])
        for year in YEARS:
            if self.own.get((*key, year)) is not None:
                values[year] = _Located(self.own.number((*key, year)), self.own, (*key, year))
        indicator.value = {**indicator.value, "values": values}

    def _finish_target(self, number: int, raw: dict[str, Any],
                       terms: dict[str, str]) -> Target | None:
        indicators: dict[str, Indicator] = {}
        for name, located in raw["indicators"].items():
            spec = located.value
            values: dict[int, Number] = {}
            for year, value in spec["values"].items():
                if value.value is None:
                    return None
                values[year] = value.value
                if spec["unit"] == "percent" and not 0 <= value.value <= 100:
                    value.fields.report(value.key, "tỷ lệ phần trăm phải từ 0 đến 100",
                                        found=f"{value.value}%",
                                        expected="một số từ 0 đến 100")
                elif value.value < 0:
                    value.fields.report(value.key, "giá trị chỉ tiêu không được âm",
                                        found=str(value.value))
            self._check_direction(number, name, spec, located)
            samples = frozenset(year for year, value in spec["values"].items()
                                if value.fields.source.is_sample(value.key))
            national = {year: value.value for year, value in spec["national"].items()
                        if value.value is not None}
            indicators[name] = Indicator(name, spec["label"], spec["unit"], spec["direction"],
                                         values, samples, national)
        text: _Located = raw["text"]
        texts: dict[int, _Located] = {y: t for y, t in raw["texts"].items() if t.value}
        # Each wording is checked once a document's period says it is printed
        # (_check_periods): a province replacing the indicators need not reword both.
        self.wordings[number] = ({None: text, **texts}, indicators, self._indicators_place(raw))
        return Target(number, raw["goal"], text.value, indicators,
                      {year: t.value for year, t in texts.items()})

    def _indicators_place(self, raw: dict[str, Any]) -> tuple[Fields, PathKey] | None:
        """Where the province replaced a shared target's indicators, if it did.

        The shared wording of that target then needs values the province's indicators may
        not have: the mistake is in the province file, and is reported there.
        """
        text: _Located = raw["text"]
        for located in raw["indicators"].values():
            if text.fields is self.shared and located.fields is self.own:
                return self.own, located.key[:-1]
        return None

    def _check_direction(self, number: int, name: str, spec: dict[str, Any],
                         located: _Located) -> None:
        values = spec["values"]
        if 2025 not in values or 2030 not in values:
            return
        first, last = values[2025].value, values[2030].value
        if first is None or last is None:
            return
        weaker = (spec["direction"] == "increase" and last < first) or (
            spec["direction"] == "decrease" and last > first)
        if weaker:
            where = values[2030]
            where.fields.report(
                where.key,
                f"chỉ tiêu {number} ({spec['label']}): giá trị năm 2030 kém hơn năm 2025 "
                f"trong khi chỉ tiêu phải {DIRECTIONS[spec['direction']]}",
                found=f"2025: {first}, 2030: {last}",
                expected="kiểm tra lại hai giá trị", warning=True)

    def _check_target_text(self, text: _Located, indicators: dict[str, Indicator],
                           terms: dict[str, str],
                           replaced: tuple[Fields, PathKey] | None = None) -> None:
        for name, year in placeholders(text.value):
            if year is None:
                if terms and name not in terms and name not in PERIOD_TERMS:
                    text.fields.report(text.key, f"tham số {{{name}}} không có",
                                       expected="một trong: " + ", ".join(
                                           f"{{{n}}}" for n in terms))
            elif name not in indicators or year not in indicators[name].values:
                have = [f"{{{k}.{y}}}" for k, ind in indicators.items() for y in ind.values]
                missing = (f"không có chỉ số '{name}'" if name not in indicators
                           else f"chỉ số '{name}' không có giá trị năm {year}")
                fields, key = replaced or (text.fields, text.key)
                where = "câu chữ chung của chỉ tiêu (provinces/shared) " if replaced else \
                    "câu chữ "
                own_key = text.key[-1] if isinstance(text.key[-1], str) else "text"
                hints = (["một trong: " + ", ".join(have)] if have else []) + (
                    [f"hoặc ghi '{own_key}' riêng cho chỉ tiêu"] if replaced else [])
                fields.report(key, f"{where}dùng {{{name}.{year}}} nhưng {missing}",
                              expected="; ".join(hints) or None)
        if stray_braces(text.value):
            text.fields.report(text.key, "dấu ngoặc nhọn { } không thành một tham số hợp lệ",
                               found=describe(text.value), expected="{a.2025} hoặc {ten}")

    # --- departments ---------------------------------------------------------------------

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
                         texts: dict[int | None, _Located], kind: str,
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

    def _agencies(self) -> dict[str, Agency]:
        fields = self.own
        raw = fields.table(("agencies",)) or {}
        agencies = {}
        for ident in raw:
            key = ("agencies", ident)
            if fields.table(key) is None:
                continue
            name = fields.text_list((*key, "name"))
            parent = fields.text_list((*key, "parent"), required=False)
            abbreviation = fields.text((*key, "abbreviation"))
            in_text = fields.text((*key, "in_text"))
            if fields.get((*key, "name")) == []:
                fields.report((*key, "name"), "tên cơ quan không được để trống",
                              found="một danh sách rỗng",
                              expected="các dòng tên, ví dụ [ỦY BAN NHÂN DÂN, TỈNH LONG AN]")
            for part, lines in (("name", name), ("parent", parent)):
                for spot, line in self._lines((*key, part), lines or []):
                    self._layout(fields, spot, capitals(line, "tên cơ quan"), line)
            if abbreviation:
                self._layout(fields, (*key, "abbreviation"), symbol_problem(abbreviation),
                             abbreviation)
            # Kept even when its name is wrong (reported), so documents naming it do not
            # also say the agency does not exist.
            if None not in (name, abbreviation, parent, in_text):
                agencies[str(ident)] = Agency(str(ident), tuple(name), tuple(parent),
                                              abbreviation, in_text)
        return agencies

    def _signers(self) -> dict[str, Signer]:
        fields = self.own
        raw = fields.table(("signers",)) or {}
        signers = {}
        for ident in raw:
            key = ("signers", ident)
            if fields.table(key) is None:
                continue
            authority = fields.text_list((*key, "authority"), required=False) or []
            for spot, line in self._lines((*key, "authority"), authority):
                problem = authority_problem(line)
                if problem:
                    fields.report(spot, problem[0], found=line, expected=problem[1])
                else:
                    self._layout(fields, spot, capitals(line, "quyền hạn ký"), line)
            order = sequence_problem(authority)
            if order and all(authority_problem(line) is None for line in authority):
                fields.report((*key, "authority"), order)
            title = fields.text((*key, "title"), required=False)
            name = fields.text((*key, "name"))
            if name and (why := name_problem(name)):
                fields.report((*key, "name"), why, found=name,
                              expected="chỉ họ và tên, ví dụ: Phạm Tấn Hòa")
            elif name:
                self._layout(fields, (*key, "name"), signer_name_problem(name), name)
            if title:
                self._layout(fields, (*key, "title"), title_problem(title), title)
            elif not authority and fields.get((*key, "title")) is None:
                fields.report(key, "người ký cần chức vụ ('title') hoặc quyền hạn ký "
                                   "('authority')",
                              expected="thêm 'title: GIÁM ĐỐC', hoặc 'authority: [TM. ỦY BAN "
                                       "NHÂN DÂN, KT. CHỦ TỊCH]' và 'title: PHÓ CHỦ TỊCH'")
            if name:
                signers[str(ident)] = Signer(tuple(authority), title, name)
        return signers

    def _documents(self, agencies: dict[str, Agency],
                   signers: dict[str, Signer]) -> dict[str, DocumentSettings] | None:
        fields = self.own
        raw = fields.table(("documents",))
        if raw is None:
            return None
        if not raw:  # a build would make nothing and say "Không có thay đổi"
            fields.report(("documents",), "chưa khai báo văn bản nào", found="một bảng rỗng",
                          expected="ít nhất một trong: " + ", ".join(DOCUMENT_KINDS))
            return None
        documents = {}
        for kind in raw:
            if kind not in DOCUMENT_KINDS:
                continue
            key = ("documents", kind)
            conditions = [schema.LETTER] if DOCUMENT_KINDS[kind].is_letter else []
            if kind in self.content.documents:
                conditions.append(schema.HAS_CONTENT)
            if fields.table(key, only=conditions) is None:
                continue
            settings = self._document(key, kind, agencies, signers)
            if settings is not None:
                documents[kind] = settings
        self._report_on_the_plan(documents)
        return documents if len(documents) == len([k for k in raw if k in DOCUMENT_KINDS]) \
            else None

    def _report_on_the_plan(self, documents: dict[str, DocumentSettings]) -> None:
        """A Báo cáo kết quả covers the plan it reports on, not the period its own date
        would give: a report of December 2025 on the 2021-2030 plan says 2021-2030."""
        report = documents.get("bao-cao")
        plan = next((documents[k] for k in sample_values.PLAN_KINDS if k in documents), None)
        if report is not None and plan is not None and self.period is None:
            documents["bao-cao"] = replace(report, period=plan.period)

    def _document(self, key: PathKey, kind: str, agencies: dict[str, Agency],
                  signers: dict[str, Signer]) -> DocumentSettings | None:
        fields = self.own
        agency = fields.reference((*key, "agency"), agencies, "cơ quan")
        signer = fields.reference((*key, "signer"), signers, "người ký")
        number = None
        if fields.get((*key, "number")) is not None:
            number = fields.integer((*key, "number"), minimum=1)
        when = fields.date_value((*key, "date"))
        # A number or date tagged !mau is a preview: the document stays a draft.
        sample = fields.source.is_sample((*key, "number")) or fields.source.is_sample(
            (*key, "date"))
        if number is not None and when is not None and when[2] is None and not sample:
            fields.report((*key, "date"), "văn bản đã có số nhưng ngày còn để trống",
                          found=str(fields.get((*key, "date"))),
                          expected="ghi đủ năm-tháng-ngày, ví dụ "
                                   f"{when[0]}-{when[1] or 1:02d}-07; hoặc bỏ số nếu là bản "
                                   "dự thảo")
        recipients = fields.text_list((*key, "recipients"))
        archive = fields.text((*key, "archive"))
        if archive is not None:
            archive = archive.removeprefix("Lưu:").strip().rstrip(".")
            self._layout(fields, (*key, "archive"), archive_problem(archive), archive)
        letter = DOCUMENT_KINDS[kind].is_letter
        addressees = fields.text_list((*key, "addressees")) if letter else []
        if letter and fields.get((*key, "addressees")) == []:
            fields.report((*key, "addressees"), "công văn cần ít nhất một nơi nhận ở dòng "
                                                "Kính gửi", found="một danh sách rỗng",
                          expected="ví dụ [Các sở, ban, ngành tỉnh]")
            addressees = None
        unit = fields.text((*key, "unit")) if letter else None
        if unit is not None:
            self._layout(fields, (*key, "unit"), symbol_problem(unit), unit)
        if letter and agency is not None:
            self._layout(fields, (*key, "agency"), letter_symbol_problem(agency.abbreviation),
                         agency.abbreviation)
        content = self._content(key, kind)
        template = self._template((*key, "template"))
        if None in (agency, signer, when, recipients, archive, addressees, content) or (
                letter and unit is None) or template is False:
            return None
        final = number is not None and when[2] is not None and not sample
        return DocumentSettings(kind, number, IssueDate(*when), agency, signer,
                                tuple(r.rstrip(";.").strip() for r in recipients), archive,
                                tuple(a.rstrip(";.").strip() for a in addressees), unit,
                                content, template or None, self._period_of(when), final)

    def _template(self, key: PathKey) -> str | bool:
        """The province's own template file name, "" for none, False when refused.

        Only a plain name in the project's templates/ folder: the file is untrusted and
        the name must not reach outside that folder. Whether the file exists is checked
        where the templates folder is known (generator.output.build.check_templates).
        """
        raw = self.own.get(key)
        if raw is None:
            return ""
        if not isinstance(raw, str):
            self.own.report(key, "tên mẫu phải là một tên tệp", found=describe(raw),
                            expected=TEMPLATE_EXPECTED)
            return False
        problem = template_problem(raw)
        if problem is not None:
            self.own.report(key, f"tên mẫu không hợp lệ: {problem}", found=describe(raw),
                            expected=TEMPLATE_EXPECTED)
            return False
        return raw

    def _content(self, key: PathKey, kind: str) -> dict[str, ContentValue] | None:
        """The kind's shared texts with the province's ``content`` over them, all checked."""
        if kind not in self.content.documents:
            return {}
        shared_fields = self.content.document_fields[kind]
        shapes = self.content.shapes[kind]
        merged: dict[str, ContentValue] = dict(self.content.documents[kind])
        origin: dict[str, tuple[Fields, PathKey]] = {k: (shared_fields, (k,)) for k in merged}
        ckey = (*key, "content")
        own = self.own.table(ckey, entry=shapes) if self.own.get(ckey) is not None else {}
        for name, value in (own or {}).items():
            if name not in shapes:
                continue
            vkey = (*ckey, name)
            if isinstance(value, date):
                merged[name] = value
            elif isinstance(value, list) or shapes[name] == LIST:
                if shapes[name] == TEXT:
                    self.own.report(vkey, "nội dung này là một đoạn chữ, không phải danh sách",
                                    found=describe(value))
                    continue
                items = self.own.text_list(vkey)
                if items is not None:
                    merged[name] = tuple(items)
            else:
                text = self.own.text(vkey)
                if text is not None:
                    merged[name] = text
            origin[name] = (self.own, vkey)
        missing = [name for name, shape in shapes.items()
                   if shape == REQUIRED and name not in merged]
        for name in missing:
            self.own.report(ckey if own else key, f"thiếu nội dung '{name}' của văn bản {kind}",
                            expected=f"thêm '{name}: ...' vào {dotted(ckey)} (xem "
                                     f"provinces/shared/documents/{kind}.yaml)")
        allowed = [*TERMS, *DERIVED_TERMS, "issuer", "year", *shapes]
        for name, value in merged.items():
            fields, where = origin[name]
            for i, text in enumerate(value if isinstance(value, tuple) else (value,)):
                if isinstance(text, str):
                    spot = (*where, Index(i)) if isinstance(value, tuple) else where
                    self._check_terms(fields, spot, text, dict.fromkeys(allowed, ""))
                    self._layout(fields, spot, opening_problem(kind, name, text), text)
        return None if missing else merged


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
