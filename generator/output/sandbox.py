"""The Jinja sandbox templates run in, and the limits that keep a template from hanging.

A province may name its own template (``documents.<kind>.template``), so templates are
untrusted. Jinja's sandbox keeps them away from Python's internals and caps ``range`` at
100 000; on top of that:

- single operations that would make something huge (``*``, ``**``, ``%``, padding,
  ``replace``, ``lipsum``...) are refused before they run (``bounds``);
- a document has a time budget, :func:`render_seconds` (``VANBAN_RENDER_SECONDS``,
  default 20 s; a document takes a few milliseconds). Two nested loops of 100 000 turns
  each stay within the sandbox's bounds and would run for hours: every turn of every
  ``{% for %}`` loop and every call a template makes checks the clock, so a render over
  budget stops within moments of its limit, on any operating system, in the process
  that renders (no second process to start: rendering the 170 documents of
  bench/bench_build.py took within 1–2 % of the time it takes without any limit);
- a document's text is bounded, :data:`MAX_OUTPUT` characters, counted as it is made,
  so a loop cannot fill the memory before the clock stops it.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

from generator.domain.errors import VanbanError
from generator.domain.vietnamese import FILTERS
from generator.output.bounds import check_binop, check_call, guard_filters, lipsum

__all__ = ["MAX_OUTPUT", "RENDER_SECONDS", "RENDER_SECONDS_VARIABLE", "RenderLimit",
           "budget", "jinja_environment", "render_seconds", "render_text"]

# Seconds one document may take to render, unless the environment variable says otherwise.
RENDER_SECONDS = 20.0
RENDER_SECONDS_VARIABLE = "VANBAN_RENDER_SECONDS"
# Characters of text one document may come to (its XML parts together): the longest of
# the samples, a Quyết định with its plan, comes to under 100 000.
MAX_OUTPUT = 10_000_000


def _number(value: float) -> str:
    """1.5 → "1,5", 20.0 → "20", 50000000 → "50.000.000" (Vietnamese separators)."""
    if float(value).is_integer():
        return f"{int(value):_}".replace("_", ".")
    return f"{value:g}".replace(".", ",")


class RenderLimit(Exception):
    """A template went over a limit of this module; the message says which, in Vietnamese."""


def render_seconds() -> float:
    """The time budget of one document: ``VANBAN_RENDER_SECONDS``, else RENDER_SECONDS."""
    raw = os.environ.get(RENDER_SECONDS_VARIABLE)
    if raw is None or not raw.strip():
        return RENDER_SECONDS
    try:
        seconds = float(raw.strip().replace(",", "."))
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        raise VanbanError(f"biến môi trường {RENDER_SECONDS_VARIABLE}='{raw}' không dùng được: "
                          "cần một số giây lớn hơn 0 (ví dụ 20 hoặc 0,5), hoặc bỏ biến đó để "
                          f"dùng mặc định {_number(RENDER_SECONDS)} giây")
    return seconds


@dataclass
class _Budget:
    """What one document may still spend: time, and characters of text."""

    seconds: float
    deadline: float
    written: int = 0  # characters of the rendered parts
    printed: int = 0  # characters of ``{{ ... }}`` values, blocks captured by ``set`` too

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise RenderLimit(
                f"điền mẫu mất hơn {_number(self.seconds)} giây, quá giới hạn thời gian cho "
                f"một văn bản (biến môi trường {RENDER_SECONDS_VARIABLE}); vòng lặp hoặc "
                "macro trong mẫu chạy quá nhiều lần: sửa mẫu")

    def too_long(self) -> RenderLimit:
        return RenderLimit(f"kết quả điền mẫu dài hơn {_number(MAX_OUTPUT)} ký tự, quá giới "
                           "hạn cho một văn bản: sửa mẫu")


# The budget of the document being rendered in this thread (none outside a render).
_BUDGET: ContextVar[_Budget | None] = ContextVar("vanban_render_budget", default=None)


@contextmanager
def budget() -> Iterator[None]:
    """Everything rendered inside the block shares one document's limits."""
    seconds = render_seconds()
    token = _BUDGET.set(_Budget(seconds, time.monotonic() + seconds))
    try:
        yield
    finally:
        _BUDGET.reset(token)


_BATCH = 4096  # pieces of text counted at once


def render_text(template: jinja2.Template, context: dict[str, Any]) -> str:
    """``template.render(context)``, its text counted against the document's budget.

    Counted a batch of pieces at a time, so that the work per piece stays in C.
    """
    current = _BUDGET.get()
    if current is None:
        return template.render(context)
    pieces = template.root_render_func(template.new_context(context))
    batches: list[str] = []
    try:
        while batch := list(itertools.islice(pieces, _BATCH)):
            current.written += sum(map(len, batch))
            if current.written > MAX_OUTPUT:
                raise current.too_long()
            batches.append("".join(batch))
    except Exception:
        template.environment.handle_exception()  # re-raised, as Template.render does
    return "".join(batches)


# Every ``{% for %}`` loop's iterable is passed through this filter (see _Sandbox._parse).
LOOP_FILTER = "_vanban_loop_turns"


@jinja2.pass_context  # never folded at compile time: a loop over a constant is counted too
def _loop_turns(context: jinja2.runtime.Context, iterable: Iterable[Any]) -> Iterable[Any]:
    """A loop's items, each turn checking the clock."""
    del context
    current = _BUDGET.get()
    if current is None:
        return iterable
    return _turns(iterable, current)


def _turns(iterable: Iterable[Any], current: _Budget) -> Iterator[Any]:
    clock, deadline = time.monotonic, current.deadline
    for item in iterable:
        if clock() > deadline:
            current.check_time()
        yield item


def _count_printed(value: Any) -> Any:
    """Every ``{{ ... }}`` value goes through here (Jinja's ``finalize``) unchanged."""
    if isinstance(value, str):
        current = _BUDGET.get()
        if current is not None:
            current.printed += len(value)
            if current.printed > MAX_OUTPUT:
                raise current.too_long()
    return value


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox with large operations refused and every loop and call on the clock.

    ``*``, ``**`` and ``%`` go through Jinja's documented hook, ``intercepted_binops``
    (intercepted operators are not constant-folded at compile time either).
    """

    intercepted_binops = frozenset(["*", "**", "%"])

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any,
                   right: Any) -> Any:
        check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(self, context: jinja2.runtime.Context, obj: Any, /, *args: Any,
             **kwargs: Any) -> Any:
        """Every call a template makes (functions, methods, macros) checks the clock
        first: recursion through macros is stopped like loops are."""
        current = _BUDGET.get()
        if current is not None:
            current.check_time()
        check_call(obj, args, kwargs)
        return super().call(context, obj, *args, **kwargs)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """The template's syntax tree, each ``{% for %}`` iterating through LOOP_FILTER.

        Environment._parse is the one step between reading a template and compiling it
        (``compile`` and ``parse`` both call it); a filter node is the one way to wrap an
        expression that Jinja's code generator knows (it refuses custom node types).
        """
        tree = super()._parse(source, name, filename)
        for loop in list(tree.find_all(nodes.For)):
            loop.iter = nodes.Filter(loop.iter, LOOP_FILTER, [], [], None, None,
                                     lineno=loop.iter.lineno)
        return tree


def jinja_environment() -> SandboxedEnvironment:
    """A sandbox with autoescape, strict undefined values and the Vietnamese filters.

    Never handed to docxtpl (which would mutate it): the compiled templates of
    ``render`` are compiled with it.
    """
    env = _Sandbox(autoescape=True, undefined=jinja2.StrictUndefined, finalize=_count_printed)
    guard_filters(env.filters)
    env.filters.update(FILTERS)
    env.filters[LOOP_FILTER] = _loop_turns
    env.globals["lipsum"] = lipsum
    return env
