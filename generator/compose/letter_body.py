"""The bodies of the three công văn (Mẫu 1.5): paragraphs and numbered requests.

Each function takes the filled content of one document and returns the blocks the
template prints; wording lives in provinces/shared/documents/*.yaml, not here.
"""

from __future__ import annotations

from generator.compose.content import Content

Block = dict[str, str]


def _paragraph(text: str) -> Block:
    return {"kind": "paragraph", "text": text}


def _numbered(items: list[str]) -> list[Block]:
    return [_paragraph(f"{i}. {item}") for i, item in enumerate(items, start=1)]


def _dashed(items: list[str], *, last: str = ";") -> list[Block]:
    """"- a;" lines, the last ending with ``last``: the list form of II.6 and II.9."""
    clean = [item.rstrip(";.") for item in items]
    return [_paragraph(f"- {item}{';' if i < len(clean) - 1 else last}")
            for i, item in enumerate(clean)]


def directive_letter(content: Content) -> list[Block]:
    """Đề nghị thực hiện Chỉ thị 23/CT-TTg (seed 002)."""
    return [_paragraph(content.text("opening")), _paragraph(content.text("request")),
            *_numbered(content.items("items")), _paragraph(content.text("closing"))]


def planning_letter(content: Content) -> list[Block]:
    """Đề nghị xây dựng kế hoạch thực hiện Chương trình (seed 000, one level down)."""
    return [_paragraph(content.text("opening")), _paragraph(content.text("request")),
            *_numbered(content.items("requirements")), _paragraph(content.text("submission")),
            _paragraph(content.text("thanks"))]


def annual_guidance(content: Content) -> list[Block]:
    """Hướng dẫn công tác trẻ em năm: key tasks, priority groups, two reporting dates."""
    return [
        _paragraph(content.text("opening")),
        {"kind": "heading2", "text": f"1. {content.text('tasks_heading')}"},
        *[_paragraph(f"- {task}") for task in content.items("key_tasks")],
        {"kind": "heading2", "text": f"2. {content.text('priorities_heading')}"},
        _paragraph(content.text("priorities_intro")),
        *_dashed(content.items("priority_groups"), last="."),
        {"kind": "heading2", "text": f"3. {content.text('reporting_heading')}"},
        _paragraph(content.text("reporting")),
        _paragraph(content.text("closing")),
    ]
