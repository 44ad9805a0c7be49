"""Reading the targets of a province: the shared 24 merged with its overrides, checked.

A mixin of the province reader (config.province): it uses the reader's ``shared`` and
``own`` fields and its helpers, and returns model Targets with their indicators.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.config.fields import Fields, describe
from generator.config.yaml_source import (
    PathKey,
)
from generator.domain.model import (
    DIRECTIONS,
    UNITS,
    YEARS,
    Indicator,
    Number,
    Target,
)
from generator.domain.periods import (
    PERIOD_TERMS,
)
from generator.domain.wording import placeholders, stray_braces


@dataclass
class Located:
    """A merged value and the file position it came from, for later messages."""

    value: Any
    fields: Fields
    key: PathKey


class TargetsReader:
    """The province reader's methods for section ``targets`` (mixed into it)."""

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
        texts = {year: Located(fields.text((*key, f"text_{year}")), fields,
                                (*key, f"text_{year}"))
                 for year in YEARS if fields.get((*key, f"text_{year}")) is not None}
        return {"goal": goal, "text": Located(text, fields, (*key, "text")), "texts": texts,
                "indicators": indicators}

    def _indicators(self, fields: Fields, key: PathKey) -> dict[str, Located] | None:
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
            values = {year: Located(fields.number((*ikey, year)), fields, (*ikey, year))
                      for year in YEARS if fields.get((*ikey, year)) is not None}
            if label is not None:
                # The shared file's values are the national ones, kept for the report.
                national = values if fields is self.shared else {}
                result[str(name)] = Located({"label": label, "unit": unit,
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
                target["text"] = Located(text, fields, (*key, "text"))
        for year in YEARS:
            if f"text_{year}" in body:
                text = fields.text((*key, f"text_{year}"))
                if text:
                    target["texts"][year] = Located(text, fields, (*key, f"text_{year}"))
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

    def _override_values(self, indicator: Located, key: PathKey) -> None:
        values = dict(indicator.value["values"])
        for year in YEARS:
            if self.own.get((*key, year)) is not None:
                values[year] = Located(self.own.number((*key, year)), self.own, (*key, year))
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
        text: Located = raw["text"]
        texts: dict[int, Located] = {y: t for y, t in raw["texts"].items() if t.value}
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
        text: Located = raw["text"]
        for located in raw["indicators"].values():
            if text.fields is self.shared and located.fields is self.own:
                return self.own, located.key[:-1]
        return None

    def _check_direction(self, number: int, name: str, spec: dict[str, Any],
                         located: Located) -> None:
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

    def _check_target_text(self, text: Located, indicators: dict[str, Indicator],
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
