"""Rendering a Word template with a context, and writing the result safely.

docxtpl is used with a sandboxed Jinja environment (templates may come from a province
and are untrusted), autoescape on (otherwise "&" and "<" silently vanish) and strict
undefined values (otherwise a missing value prints as nothing). See
``../shared/reference/pitfalls.md``.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from generator.errors import VanbanError
from generator.vietnamese import FILTERS


def jinja_environment() -> SandboxedEnvironment:
    """A fresh sandbox per render: docxtpl mutates the environment it is given."""
    env = SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters.update(FILTERS)
    return env


def render(template: Path, context: dict[str, Any]) -> bytes:
    """The rendered document as bytes; nothing is written here."""
    try:
        document = DocxTemplate(template)
        document.render(context, jinja_env=jinja_environment(), autoescape=True)
    except jinja2.exceptions.SecurityError as exc:
        raise VanbanError(f"mẫu {template}: lệnh không được phép trong mẫu ({exc}); "
                          "mẫu chỉ được dùng các trường dữ liệu và bộ lọc của vanban") from None
    except jinja2.exceptions.UndefinedError as exc:
        raise VanbanError(f"mẫu {template}: dùng một trường không có trong dữ liệu ({exc}); "
                          "sửa tên trường trong mẫu") from None
    except jinja2.exceptions.TemplateSyntaxError as exc:
        raise VanbanError(f"mẫu {template}: sai cú pháp thẻ ở dòng {exc.lineno}: {exc.message}; "
                          "thẻ có dạng {{ ten }} hoặc {%p for ... %}") from None
    except (OSError, KeyError, ValueError) as exc:
        raise VanbanError(f"mẫu {template}: không đọc được tệp Word ({exc})") from None
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_atomically(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder, then rename: never a half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
