"""Write ``docs/cau-hinh.md``, the reference of every YAML key, from config.schema.

The validator takes the keys it accepts from ``generator/config/schema.py``, and this
script writes the reference from the same declarations, so the two cannot disagree.
Run after changing the schema:

    .venv/bin/python tools/build_reference.py

``tests/test_reference.py`` fails when the committed file differs from what this script
writes. ``--check`` only compares, and exits 1 when the file is out of date.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from generator.config import schema

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "cau-hinh.md"
COMMAND = ".venv/bin/python tools/build_reference.py"

HEAD = f"""\
# Tham chiếu cấu hình YAML

<!-- Tệp này được sinh từ generator/config/schema.py; đừng sửa tay. Sau khi sửa schema,
chạy: {COMMAND} -->

vanban đọc một tệp YAML cho mỗi tỉnh (`provinces/<id>.yaml`) và các tệp chung trong
`provinces/shared/`. Dưới đây là **mọi khóa** vanban chấp nhận trong các tệp đó. Một khóa
không có ở đây bị từ chối trước khi ghi bất kỳ tệp nào, với thông báo
`trường '...' không có trong cấu hình` kèm tệp, dòng, cột và tên gần đúng nếu có
(`có phải ý bạn là '...'?`).

## Cách đọc

- **Khóa**: đường dẫn từ đầu tệp, các cấp nối bằng dấu chấm: `agencies.<agency>.name` là
  dòng `name` của một cơ quan trong `agencies`. `[]` là mỗi phần tử của một danh sách:
  `departments[].id` là `id` của từng sở.
- **Bắt buộc**: `có` là phải ghi khi bảng chứa khóa đó có mặt; `không` là có thể bỏ.
- **Ví dụ** viết như trong tệp YAML; số thập phân viết trong dấu nháy với dấu phẩy (`"9,5"`).

Tên trong `<...>` là tên do dữ liệu đặt:

| Tên | Nghĩa |
|---|---|
"""


# A path or a parameter in prose (provinces/shared/documents/<kind>.yaml, {a.2025}): set as
# code, or Markdown would take <kind> for an HTML tag and hide it.
_CODE_LIKE = re.compile(r"[\w./\[\]-]*(?:<\w+>|\{[\w.]+\})(?:[\w./\[\]<>{}-]*[\w\]>}])?")


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def prose(text: str) -> str:
    """A description for Markdown: paths and parameters as code, safe in a table."""
    return cell(_CODE_LIKE.sub(lambda m: f"`{m.group(0)}`", text))


def code(text: str) -> str:
    if not text:
        return ""
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return cell(f"{fence}{pad}{text}{pad}{fence}")


# Types of keys that hold no other key.
LEAVES = {schema.TEXT, schema.TEXTS, schema.INTEGER, schema.INTEGERS, schema.NUMBER,
          schema.DATE, schema.CHOICE, schema.CODE, schema.FILE_NAME, schema.CONTENT}


def required(key: schema.Key) -> str:
    answer = "có" if key.required else "không"
    return prose(f"{answer}, {schema.CONDITIONS[key.only]}") if key.only else answer


def description(key: schema.Key) -> str:
    text = key.description
    if key.choices:
        text += " Giá trị: " + "; ".join(f"`{k}` ({v})" for k, v in key.choices.items()) + "."
    if key.default:
        text += f" Mặc định: `{key.default}`."
    return prose(text)


def table(keys: list[schema.Key]) -> list[str]:
    lines = ["| Khóa | Kiểu | Bắt buộc | Mô tả | Ví dụ |", "|---|---|---|---|---|"]
    for key in keys:
        lines.append(f"| `{key.path}` | {schema.TYPES[key.type]} | {required(key)} | "
                     f"{description(key)} | {code(key.example)} |")
    return lines


def _leaf_on_top(key: schema.Key) -> bool:
    return len(key.parts) == 1 and key.type in LEAVES


def groups(keys: list[schema.Key]) -> list[list[schema.Key]]:
    """A file's keys by section: each top-level table with what it holds; a run of
    top-level keys that hold nothing (texts) shares one table."""
    result: list[list[schema.Key]] = []
    for key in keys:
        if result and (len(key.parts) > 1 or (
                _leaf_on_top(key) and all(map(_leaf_on_top, result[-1])))):
            result[-1].append(key)
        else:
            result.append([key])
    return result


def heading(group: list[schema.Key]) -> str:
    if len(group) > 1 and all(len(k.parts) == 1 for k in group):
        return ", ".join(f"`{k.path}`" for k in group)
    return f"`{group[0].path}`: {group[0].label}"


def file_section(number: int, file: schema.File) -> list[str]:
    keys = [k for k in schema.KEYS if k.file == file.path]
    lines = ["", f"## {number}. `{file.path}`: {file.title}", "", prose(file.description)]
    if all(len(k.parts) == 1 for k in keys):  # a flat file: one table
        return [*lines, "", *table(keys)]
    for group in groups(keys):
        lines += ["", f"### {heading(group)}", "", *table(group)]
    return lines


def render() -> str:
    lines = HEAD.splitlines()
    for holder in schema.PLACEHOLDERS.values():
        lines.append(f"| `{holder.name}` | {prose(holder.description)} |")
    lines += ["", "Các tệp:", ""]
    for number, file in enumerate(schema.FILES, 1):
        lines.append(f"{number}. `{file.path}`: {file.title}")
    for number, file in enumerate(schema.FILES, 1):
        lines += file_section(number, file)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sinh docs/cau-hinh.md từ schema cấu hình.")
    parser.add_argument("--check", action="store_true",
                        help="chỉ so sánh; trả về 1 nếu tệp đã cũ")
    args = parser.parse_args(argv)
    text = render()
    current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else None
    if args.check:
        if current != text:
            print(f"{OUTPUT.relative_to(ROOT)} đã cũ; chạy: {COMMAND}", file=sys.stderr)
            return 1
        return 0
    if current != text:
        OUTPUT.parent.mkdir(exist_ok=True)
        OUTPUT.write_text(text, encoding="utf-8")
        print(f"Đã ghi {OUTPUT.relative_to(ROOT)}")
    else:
        print(f"{OUTPUT.relative_to(ROOT)} không đổi")
    return 0


if __name__ == "__main__":
    sys.exit(main())
