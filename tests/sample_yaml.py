"""PyYAML's safe loader, reading the ``!mau`` tag of province files the way vanban does.

A province marks the values it has not filled in with ``!mau`` (generator.config.
yaml_source); ``yaml.safe_load`` refuses the unknown tag. Tests that parse a province file
with PyYAML itself use ``safe_load`` from here: a tagged value keeps the type it would
have untagged.
"""

from __future__ import annotations

import re
from types import GeneratorType
from typing import Any

import yaml

from generator.config.yaml_source import SAMPLE_TAG


class _Loader(yaml.SafeLoader):
    """The safe loader with ``!mau`` understood."""


def _untagged(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """The value a tagged node would have untagged (PyYAML's constructor for its type)."""
    if isinstance(node, yaml.ScalarNode):
        plain = node.style in (None, "")
        tag = loader.resolve(yaml.ScalarNode, node.value, (plain, not plain))
    elif isinstance(node, yaml.SequenceNode):
        tag = "tag:yaml.org,2002:seq"
    else:
        tag = "tag:yaml.org,2002:map"
    built = loader.yaml_constructors[tag](loader, node)
    if isinstance(built, GeneratorType):  # a list or table: filled as the generator ends
        value = next(built)
        for _ in built:
            pass
        return value
    return built


_Loader.add_constructor(SAMPLE_TAG, _untagged)


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` for province files that may tag values ``!mau``."""
    return yaml.load(text, Loader=_Loader)


_WARNING = re.compile(r"^\S.*:\d+:\d+: cảnh báo: ")


def without_warnings(stderr: str) -> list[str]:
    """The lines of a command's standard error but its configuration warnings (each a
    header line "file:line:col: cảnh báo: ..." and its indented "gặp:"/"cần:" lines): the
    sample provinces are drafts, and vanban names their sample values on every build."""
    kept: list[str] = []
    inside = False
    for line in stderr.splitlines():
        if _WARNING.match(line):
            inside = True
        elif not (inside and line.startswith("  ")):
            inside = False
            kept.append(line)
    return kept


# The ``results:`` section of a province (its tag, if the whole section is tagged ``!mau``,
# and its lines: every line below it indented).
_RESULTS = re.compile(r"^results:( !mau)?\n((?:[ \t]+\S.*\n)+)", re.M)


def _results_section(text: str) -> re.Match[str]:
    found = _RESULTS.search(text)
    assert found is not None, "no results: section"
    return found


def results_confirmed(text: str) -> str:
    """The province with its sample results taken as an officer's real figures: the
    ``!mau`` of the section or of each of its lines dropped, everything else as it was."""
    found = _results_section(text)
    body = found.group(2)
    assert found.group(1) or " !mau" in body, "the results are not tagged as samples"
    return text[:found.start()] + "results:\n" + body.replace(" !mau", "") + \
        text[found.end():]


def results_tagged_whole(text: str) -> str:
    """The province with its sample results tagged once for the whole section
    (``results: !mau``), as a province file of its own may still have them."""
    confirmed = results_confirmed(text)
    start = _results_section(confirmed).start()
    return confirmed[:start] + "results: !mau\n" + confirmed[start + len("results:\n"):]
