"""Single operations a template may run, refused before they make something huge.

The time limit of ``sandbox`` is checked between the steps of a template; it cannot stop
one call into Python that runs for minutes by itself. These can, measured (a province's
template is untrusted):

- ``{{ [x] * 10**8 }}`` 27 s and 3.8 GB; ``{{ 10 ** 10**9 }}`` never ends;
- ``{{ '%1000000000s' % 1 }}`` 44 s, ``{{ s.replace('x', 'y' * 100000) }}`` on 100 000
  characters 35 s and 10 GB; ``{{ ''|center(10**11) }}`` a MemoryError;
- ``lipsum(100000, min=100000, max=100001)``: hours.

Each is refused (``SecurityError``) when what it would make is larger than a document
could hold; widths, counts and repeats of ordinary size go through untouched.
"""

from __future__ import annotations

import builtins
import functools
import inspect
import re
import string
from collections.abc import Callable
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.utils import generate_lorem_ipsum

# The most characters or items one ``*`` may build, and bits one ``**`` may make, and
# items (words, batches, slices) one call may make. Far above what a document needs.
MAX_REPEAT = 1_000_000
MAX_POWER_BITS = 100_000
# The most characters one padding, format or replace may make: a whole document's text
# is limited to as much (sandbox.MAX_OUTPUT).
MAX_VALUE = 10_000_000

_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_PADDING = frozenset(["center", "ljust", "rjust", "zfill"])


def _number(value: int) -> str:
    return f"{value:_}".replace("_", ".")


def _too_large(what: str) -> SecurityError:
    return SecurityError(f"{what} tạo ra hơn {_number(MAX_VALUE)} ký tự")


def _large(value: Any) -> bool:
    return isinstance(value, int) and value > MAX_VALUE


def _large_digits(digits: str | None) -> bool:
    return digits is not None and digits != "*" and (len(digits) > 8 or int(digits) > MAX_VALUE)


def check_binop(operator: str, left: Any, right: Any) -> None:
    """``*``, ``**`` and ``%`` (string formatting) of a template."""
    if operator == "*":
        for sequence, times in ((left, right), (right, left)):
            if isinstance(sequence, (str, list, tuple)) and isinstance(times, int) \
                    and len(sequence) * times > MAX_REPEAT:
                raise SecurityError(f"phép nhân tạo ra hơn {_number(MAX_REPEAT)} ký tự hoặc "
                                    "phần tử")
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1 \
                and abs(left).bit_length() * right > MAX_POWER_BITS:
            raise SecurityError("phép lũy thừa tạo ra một số quá lớn")
    elif operator == "%" and isinstance(left, str):
        _check_percent(left, right)


def _check_percent(text: str, values: Any) -> None:
    """``"%10s" % x``: no width or precision, written or taken from ``*``, too large."""
    star = False
    for match in _PERCENT.finditer(text):
        for digits in match.groups():
            star = star or digits == "*"
            if _large_digits(digits):
                raise _too_large("định dạng %")
    given = values if isinstance(values, tuple) else (values,)
    if star and any(_large(value) for value in given):
        raise _too_large("định dạng %")


def _check_format(text: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """``"{:>10}".format(x)``: no width or precision in a field too large; nested ones
    (``{:>{}}``) are taken from the arguments."""
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return  # a broken format string: the call itself says so
    for _, _, spec, _ in fields:
        if not spec:
            continue
        if any(_large_digits(digits) for digits in re.findall(r"\d+", spec)):
            raise _too_large("định dạng {}")
        if "{" in spec and any(_large(value) for value in (*args, *kwargs.values())):
            raise _too_large("định dạng {}")


def _check_replace(text: Any, old: Any, new: Any, count: Any = -1) -> None:
    if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)) \
            or len(new) <= len(old):
        return
    times = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    if len(text) + times * (len(new) - len(old)) > MAX_VALUE:
        raise _too_large("phép thay thế (replace)")


def check_call(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """A method of a string called by a template (``s.ljust(n)``, ``s.format(...)``...)."""
    wrapped = getattr(obj, "__wrapped__", obj)  # the sandbox wraps format and format_map
    owner = getattr(wrapped, "__self__", None)
    if not isinstance(owner, str):
        return
    name = getattr(wrapped, "__name__", "")
    if name in _PADDING:
        if any(_large(value) for value in (*args, *kwargs.values())):
            raise _too_large(f"phép {name}")
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        if isinstance(size, int) and size * owner.count("\t") > MAX_VALUE:
            raise _too_large("phép expandtabs")
    elif name == "replace":
        _check_replace(owner, *args[:3], **kwargs)
    elif name == "format":
        _check_format(owner, args, kwargs)
    elif name == "format_map" and args and isinstance(args[0], dict):
        _check_format(owner, (), args[0])


def _filter_checks() -> dict[str, Callable[[dict[str, Any]], None]]:
    """Jinja's filters that make something as large as an argument says, each with its
    check on the bound arguments."""

    def width(arguments: dict[str, Any]) -> None:
        if _large(arguments.get("width")):
            raise _too_large("bộ lọc center/indent")

    def items(arguments: dict[str, Any]) -> None:
        count = arguments.get("linecount", arguments.get("slices"))
        if isinstance(count, int) and count > MAX_REPEAT:
            raise SecurityError(f"bộ lọc batch/slice tạo ra hơn {_number(MAX_REPEAT)} phần tử")

    def percent(arguments: dict[str, Any]) -> None:
        if isinstance(arguments.get("value"), str):
            _check_percent(arguments["value"], tuple(arguments.get("args", ())))

    def replace(arguments: dict[str, Any]) -> None:
        _check_replace(arguments.get("s"), arguments.get("old"), arguments.get("new"),
                       arguments.get("count"))

    return {"center": width, "indent": width, "batch": items, "slice": items,
            "format": percent, "replace": replace}


def _guarded(original: Callable[..., Any],
             check: Callable[[dict[str, Any]], None]) -> Callable[..., Any]:
    signature = inspect.signature(original)
    # A filter Jinja passes its context to may not name it (an async variant shows the
    # signature of the function it wraps): then the first argument is not bound.
    passed = getattr(original, "jinja_pass_arg", None) is not None
    skip = int(passed and next(iter(signature.parameters)) not in ("eval_ctx", "context",
                                                                     "environment"))

    @functools.wraps(original)  # keeps Jinja's mark of what the filter is passed
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            arguments = signature.bind(*args[skip:], **kwargs).arguments
        except TypeError:
            arguments = None  # wrong arguments: the filter itself says so
        if arguments is not None:
            check(arguments)
        return original(*args, **kwargs)

    return guarded


def guard_filters(filters: dict[str, Callable[..., Any]]) -> None:
    """Put the checks in front of those of ``filters`` (in place); ``map`` and ``select``
    look filters up there too, so they get the checked ones."""
    for name, check in _filter_checks().items():
        filters[name] = _guarded(filters[name], check)


def lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    """Jinja's ``lipsum`` (same parameters), refused past MAX_REPEAT words."""
    if builtins.max(n, 0) * builtins.max(min, max, 0) > MAX_REPEAT:
        raise SecurityError(f"lipsum tạo ra hơn {_number(MAX_REPEAT)} từ")
    return generate_lorem_ipsum(n, html, min, max)
