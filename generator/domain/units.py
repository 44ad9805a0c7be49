"""The 34 provincial units since 1 July 2025, and finding one from what a user types.

The table is ``data/units-2025.tsv`` (shipped inside the package; its header names the
source). A user names a unit the way it is said or typed: with or without diacritics,
with or without "Tỉnh", "Thành phố" or "TP.", by its ASCII id or by its code ("Cần Thơ",
"can tho", "TP. Hồ Chí Minh", "tinh tay ninh", "can-tho", "92"). ``find`` reads any of
these; ``suggestions`` offers the nearest names for anything else, and ``merged_into``
says which unit a former province (Long An, Bình Dương...) now belongs to.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

TABLE = "units-2025.tsv"

KINDS: dict[str, str] = {
    "tinh": "tỉnh",
    "thanh-pho": "thành phố trực thuộc trung ương",
}

# Names people use that are not in the table: the common abbreviations of Thành phố Hồ Chí
# Minh, and Huế's name until it became a centrally-run city (1/1/2025).
_ALIASES: dict[str, str] = {
    "hcm": "79",
    "tphcm": "79",
    "sai gon": "79",
    "thua thien hue": "46",
}
_PREFIXES = ("tinh ", "thanh pho ", "tp ")


@dataclass(frozen=True)
class Former:
    """A province or city before 1 July 2025 and its code then."""

    name: str
    code: str


@dataclass(frozen=True)
class Unit:
    """One provincial unit as the table gives it."""

    code: str
    id: str
    name: str  # the official name: "Thành phố Cần Thơ", "Tỉnh Tây Ninh"
    short: str  # without the level word: "Cần Thơ"
    kind: str  # a key of KINDS
    place: str  # the place on the date line: "Cần Thơ", "Thành phố Hồ Chí Minh"
    special_zones: int  # how many đặc khu it has
    former: tuple[Former, ...]

    @property
    def is_city(self) -> bool:
        return self.kind == "thanh-pho"

    @property
    def level_in_name(self) -> bool:
        """Whether the level word is part of the proper name ("Thành phố Hồ Chí Minh", a
        city named after a person): it is then written with a capital everywhere."""
        return self.place != self.short


def fold(text: str) -> str:
    """Lower case ASCII words, for comparing names however they were typed."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", bare).split())


def _without_prefix(folded: str) -> str:
    for prefix in _PREFIXES:
        if folded.startswith(prefix) and len(folded) > len(prefix):
            return folded[len(prefix):]
    return folded


def _former(cell: str) -> tuple[Former, ...]:
    found = []
    for part in cell.split(";"):
        match = re.fullmatch(r"\s*(.+?) \((\d+)\)\s*", part)
        if match is None:
            raise ValueError(f"{TABLE}: cột former không đọc được: {part!r}")
        found.append(Former(match.group(1), match.group(2)))
    return tuple(found)


@cache
def units() -> tuple[Unit, ...]:
    """Every unit, in the order of their codes."""
    text = (resources.files(__package__) / "data" / TABLE).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t")
    return tuple(Unit(code=row["code"], id=row["id"], name=row["name"], short=row["short"],
                      kind=row["kind"], place=row["place"],
                      special_zones=int(row["dac_khu"]), former=_former(row["former"]))
                 for row in rows)


@cache
def _index() -> dict[str, Unit]:
    """Every spelling ``find`` accepts, folded, to its unit."""
    index: dict[str, Unit] = {}
    by_code = {unit.code: unit for unit in units()}
    for unit in units():
        for spelling in (unit.short, unit.name, unit.id, unit.place):
            key = _without_prefix(fold(spelling))
            index[key] = index[key.replace(" ", "")] = unit
    for alias, code in _ALIASES.items():
        index[alias] = by_code[code]
    return index


def find(name: str) -> Unit | None:
    """The unit ``name`` designates (a name however typed, an id or a code), or None."""
    folded = fold(name)
    if folded.isdigit():
        return next((unit for unit in units() if int(unit.code) == int(folded)), None)
    index = _index()
    key = _without_prefix(folded)
    return index.get(key) or index.get(key.replace(" ", ""))


def merged_into(name: str) -> tuple[Former, Unit] | None:
    """The former province ``name`` designates and the unit it is part of now."""
    key = _without_prefix(fold(name))
    for unit in units():
        for former in unit.former:
            if fold(former.name) == key:
                return former, unit
    return None


def suggestions(name: str, count: int = 3) -> list[Unit]:
    """The units whose names are nearest to ``name``, best first."""
    names = {fold(unit.short): unit for unit in units()}
    close = difflib.get_close_matches(_without_prefix(fold(name)), list(names), n=count,
                                      cutoff=0.5)
    return [names[found] for found in close]
