"""Which department holds a function in a given year.

In March 2025 the Ministry and the Sở of Thông tin và Truyền thông were dissolved: press,
publishing, broadcasting, electronic and grassroots information went to Văn hóa, Thể thao
và Du lịch; telecommunications, information technology and digital transformation to
Khoa học và Công nghệ (Nghị định 43/2025 and 45/2025; docs/domain.md §6). A plan of 2026
that still gives the press tasks to Sở Thông tin và Truyền thông, or to Sở Khoa học và
Công nghệ, gives them to a body that no longer holds them.

The shared roles (provinces/shared/departments.yaml) follow the split: ``information``
is the former Sở Thông tin và Truyền thông (both halves), ``press`` the half that went to
culture and ``digital`` the half that went to science.
"""

from __future__ import annotations

import re
from datetime import date

PRESS_MOVE = date(2025, 3, 1)
FORMER_ROLE, PRESS_ROLE, DIGITAL_ROLE = "information", "press", "digital"
CULTURE = "Sở Văn hóa, Thể thao và Du lịch"
SCIENCE = "Sở Khoa học và Công nghệ"

_FORMER_NAME = re.compile(r"Thông tin và Truyền thông", re.IGNORECASE)
_CULTURE_NAME = re.compile(r"Văn hóa", re.IGNORECASE)
_PRESS_WORDS = re.compile(r"\b(báo chí|xuất bản|phát thanh|truyền hình|phóng viên)\b",
                          re.IGNORECASE)


def after_press_move(year: int, month: int | None) -> bool:
    """Whether a document of that year and month is issued after the March 2025 move;
    2025 with no month could be either, and counts as before."""
    if month is None:
        return year > PRESS_MOVE.year
    return (year, month) >= (PRESS_MOVE.year, PRESS_MOVE.month)


def function_problems(name: str | None, roles: list[str], tasks: list[str], *, year: int,
                      month: int | None) -> list[tuple[str, str]]:
    """What is wrong with giving these tasks to this department in that year: (message,
    what to do) pairs; none before the move."""
    if not after_press_move(year, month):
        return []
    problems = []
    title = name or "sở, ngành này"
    split = (f"giao roles: [{PRESS_ROLE}] cho {CULTURE} và roles: [{DIGITAL_ROLE}] cho "
             f"{SCIENCE}")
    if name and _FORMER_NAME.search(name):
        problems.append((f"{name} không còn từ {PRESS_MOVE:%d/%m/%Y}: báo chí, xuất bản, "
                         f"thông tin điện tử chuyển về {CULTURE}; công nghệ thông tin, chuyển "
                         f"đổi số chuyển về {SCIENCE}", split))
    elif FORMER_ROLE in roles:
        problems.append((f"vai trò {FORMER_ROLE} là nhiệm vụ của Sở Thông tin và Truyền thông "
                         f"cũ; từ {PRESS_MOVE:%d/%m/%Y} phần báo chí, xuất bản thuộc {CULTURE}",
                         split))
    culture = bool(name and _CULTURE_NAME.search(name))
    if not culture and not (name and _FORMER_NAME.search(name)):
        if PRESS_ROLE in roles:
            problems.append((f"nhiệm vụ báo chí, xuất bản (vai trò {PRESS_ROLE}) từ "
                             f"{PRESS_MOVE:%d/%m/%Y} thuộc {CULTURE}, không phải {title}",
                             f"chuyển vai trò {PRESS_ROLE} sang {CULTURE}"))
        elif FORMER_ROLE not in roles and any(_PRESS_WORDS.search(t) for t in tasks) \
                and "Khoa học và Công nghệ" in (name or ""):
            problems.append((f"{title} được giao nhiệm vụ về báo chí; từ "
                             f"{PRESS_MOVE:%d/%m/%Y} báo chí, xuất bản thuộc {CULTURE}",
                             f"chuyển nhiệm vụ đó sang {CULTURE}"))
    return problems
