"""Names that become parts of file paths: province ids, document ids, template names.

A province id names its output folder (``output/<id>/``), a document id its file, a
template name a file in ``templates/``. Province files and custom templates come from
many offices, so each name is refused unless it is a plain file name: no ``..``, no
slash or backslash, not absolute, not a Windows device name (``CON``, ``NUL.docx``...:
a folder or file with such a name cannot be opened, copied or deleted on Windows,
where the output is usually read). Each check returns a Vietnamese reason or None, so
that callers can report it their own way (a validation Problem, a command-line error).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath, PureWindowsPath

SAFE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
TEMPLATE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.docx")
ID_EXPECTED = "chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ long-an"
TEMPLATE_EXPECTED = ("tên một tệp .docx trong thư mục templates/ (chữ không dấu, chữ số, "
                     "dấu chấm, gạch ngang, gạch dưới), ví dụ ke-hoach-long-an.docx")
# Windows reserves these names with any extension and in any case ("nul.docx", "Com1").
DEVICE_NAMES = frozenset(["CON", "PRN", "AUX", "NUL",
                          *(f"COM{i}" for i in range(1, 10)),
                          *(f"LPT{i}" for i in range(1, 10))])


def _path_problem(name: str) -> str | None:
    """Why ``name`` is not a plain file name, in the order a user can best act on."""
    if not name:
        return "tên rỗng"
    if PurePosixPath(name).is_absolute() or PureWindowsPath(name).is_absolute() or \
            PureWindowsPath(name).drive:
        return "là một đường dẫn tuyệt đối, không phải một tên"
    if "/" in name or "\\" in name:
        return "có dấu gạch chéo (/ hoặc \\): chỉ được là một tên, không phải đường dẫn"
    if ".." in name:
        return "có '..' (trỏ ra thư mục cha)"
    if name.split(".")[0].strip().upper() in DEVICE_NAMES:
        return f"'{name.split('.')[0]}' là tên thiết bị dành riêng của Windows"
    return None


def id_problem(name: str) -> str | None:
    """Why ``name`` cannot be a province or document id (None when it can)."""
    problem = _path_problem(name)
    if problem is None and not SAFE_ID.fullmatch(name):
        problem = "có ký tự không được phép (chữ hoa, dấu, dấu cách hoặc ký hiệu)"
    return problem


def template_problem(name: str) -> str | None:
    """Why ``name`` cannot name a template file in ``templates/`` (None when it can)."""
    problem = _path_problem(name)
    if problem is None and not name.endswith(".docx"):
        problem = "không phải tên tệp .docx"
    elif problem is None and not TEMPLATE_NAME.fullmatch(name):
        problem = "có ký tự không được phép (dấu, dấu cách hoặc ký hiệu)"
    return problem
