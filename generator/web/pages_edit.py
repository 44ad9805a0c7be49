"""The page that edits a province: forms for every section, checked as the officer types,
saved through the round-trip writer.

The form carries the version (hash) of the file it was opened from and the values it
showed. Saving sends to ``config.writer.write_changes`` only the fields the officer
changed, with that version: the writer keeps comments, order and untouched lines, checks
the new text with the command line's validator, and refuses a file changed meanwhile.
Then the page shows what changed in the file and keeps the officer's values in the
form, so that neither save is lost. Checking as one types runs the same writer on a
copy of the file in a temporary folder: the same messages, and nothing written.
«Lưu và sinh văn bản» saves the same way, then starts the build and opens the documents
page, where the plan's new pages appear first.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from generator.config import yaml_source
from generator.config.province import province_id
from generator.config.targets_table import TargetsTable, targets_table
from generator.config.writer import (
    EditError,
    Snapshot,
    StaleVersion,
    read_snapshot,
    version_of,
    write_changes,
)
from generator.domain.errors import ConfigError, Problem, VanbanError
from generator.web import edit_form, results_form
from generator.web.app import Web, web_of
from generator.web.provinces import UnknownProvince, load, province_path

VERSION_FIELD = "phien-ban"
THEN_FIELD, THEN_BUILD = "sau-khi-luu", "sinh"  # the button «Lưu và sinh văn bản»
OPENED_FIELD = "gia-tri-luc-mo"
# What the templates of this page use besides their data.
HELPERS = {"said": edit_form.said, "html_id": edit_form.html_id, "shown": edit_form.shown,
           "unit_shown": edit_form.UNIT_SHOWN, "direction_shown": edit_form.DIRECTION_SHOWN}


@dataclass
class Opened:
    """A province file as the form shows it now."""

    path: Path
    snapshot: Snapshot
    name: str
    form: edit_form.EditForm | None  # None: the file is not YAML the form can show
    problems: list[Problem]


@dataclass
class Notice:
    """What the page says above the form after a save or a check."""

    kind: str  # "luu" saved, "xung-dot" conflict, "loi" refused, "khong-doi" nothing
    text: str
    diff: list[tuple[str, str]] = field(default_factory=list)  # (css class, line)
    edits: list[tuple[str, str, str]] = field(default_factory=list)  # label, before, after


def _path(web: Web, ident: str) -> Path:
    try:
        return province_path(web.project, ident)
    except UnknownProvince:
        raise HTTPException(404, "Không có tỉnh này trong thư mục provinces/.") from None


def open_province(web: Web, path: Path) -> Opened:
    """The file, its version, its form and every problem the validator finds in it."""
    try:
        snapshot = read_snapshot(path)
    except VanbanError as exc:
        raise HTTPException(500, str(exc)) from None
    province, problems = load(web.project, path)
    try:
        source = yaml_source.load(path)
    except yaml_source.RejectedValues as exc:
        source = exc.source
    except ConfigError:
        return Opened(path, snapshot, province_id(path), None, problems)
    table: TargetsTable | None = None
    if province is not None:
        table = targets_table(path, web.project.shared)
    name = province.name if province else province_id(path)
    form = edit_form.build(source, table)
    if table is not None:
        form.results = results_form.build(source, table)
    return Opened(path, snapshot, name, form, problems)


def diff_lines(diff: str, path: Path) -> list[tuple[str, str]]:
    """A unified diff as lines the page colours: added, removed, place, context; the
    file named by its name only."""
    lines = []
    for line in diff.splitlines():
        if line.startswith(("+++", "---")):
            kind = "tep"
            line = line[:4] + line[4:].replace(str(path), path.name, 1)
        elif line.startswith("+"):
            kind = "them"
        elif line.startswith("-"):
            kind = "bot"
        elif line.startswith("@@"):
            kind = "cho"
        else:
            kind = "giu"
        lines.append((kind, line))
    return lines


def _opened_values(sent: FormData, form: edit_form.EditForm) -> dict[str, str]:
    """The values the form showed when it was opened (sent back with it)."""
    raw = sent.get(OPENED_FIELD)
    try:
        values = json.loads(raw) if isinstance(raw, str) else None
    except ValueError:
        values = None
    if not isinstance(values, dict):
        return form.values()
    return {k: v for k, v in values.items() if isinstance(k, str) and isinstance(v, str)}


def _sent_text(sent: FormData) -> dict[str, str]:
    return {k: v for k, v in sent.multi_items() if isinstance(v, str)}


def _render(web: Web, request: Request, opened: Opened, *, notice: Notice | None = None,
            problems: list[Problem] | None = None, values: dict[str, str] | None = None,
            base: dict[str, str] | None = None, conflicts: set[str] | None = None,
            status_code: int = 200) -> Response:
    """The edit page: ``values`` shown in the inputs (the file's by default), ``base`` the
    values the next save compares with (the file's), ``problems`` at their fields."""
    form = opened.form
    found = opened.problems if problems is None else problems
    if form is not None and values is not None:
        for entry in form.fields:
            if entry.name in values:
                entry.value = values[entry.name]
    placed = edit_form.placed(form, found) if form is not None else {"": found}
    return web.page(request, "sua-tinh.html", {
        "ident": province_id(opened.path), "name": opened.name, "opened": opened,
        "form": form, "version": opened.snapshot.version,
        "base": json.dumps(base if base is not None else
                           (_file_values(form) if form else {}), ensure_ascii=False),
        "placed": placed, **HELPERS,
        "errors": [p for p in found if not p.warning],
        "warnings": [p for p in found if p.warning],
        "labels": edit_form.labelled(form) if form else {},
        "notice": notice, "conflicts": conflicts or set(), "file_name": opened.path.name,
    }, status_code=status_code)


def _file_values(form: edit_form.EditForm) -> dict[str, str]:
    return {entry.name: edit_form.shown(entry.original) for entry in form.fields}


def edit_page(request: Request) -> Response:
    web = web_of(request)
    ident = request.path_params["ident"]
    opened = open_province(web, _path(web, ident))
    notice = None
    if request.query_params.get("moi"):
        notice = Notice("luu", "Đã tạo tệp của tỉnh. Các giá trị có nhãn «mẫu» là ví dụ: thay "
                               "bằng giá trị thật của tỉnh rồi bấm «Lưu».")
    return _render(web, request, opened, notice=notice)


def _edited(opened: Opened, sent: FormData) -> tuple[dict[str, str], dict[str, str]]:
    """The values in the form now, and those the officer changed since opening it."""
    assert opened.form is not None
    now = edit_form.submitted(opened.form, _sent_text(sent))
    return now, edit_form.changed(opened.form, _opened_values(sent, opened.form), now)


def _on_copy(web: Web, opened: Opened, changes: dict[Any, Any]) -> list[Problem]:
    """What the validator says of the file with ``changes``, made on a copy of it."""
    data = opened.path.read_bytes()
    with tempfile.TemporaryDirectory(prefix="vanban-kiem-") as folder:
        copy = Path(folder) / opened.path.name
        copy.write_bytes(data)
        try:
            found = write_changes(copy, changes, version_of(data),
                                  shared_dir=web.project.shared).warnings
        except ConfigError as exc:
            found = exc.problems
    return [replace(p, file=opened.path) if p.file == copy else p for p in found]


async def check_as_typed(request: Request) -> Response:
    """The messages at every field for the values in the form now (htmx, as one types)."""
    web = web_of(request)
    path = _path(web, request.path_params["ident"])
    sent = await web.form(request)
    opened = await run_in_threadpool(open_province, web, path)
    if opened.form is None:
        raise HTTPException(409, "Tệp không còn đọc được; tải lại trang.")
    _, edited = _edited(opened, sent)
    note = ""
    problems = opened.problems
    if edited:
        try:
            problems = await run_in_threadpool(
                _on_copy, web, opened, edit_form.changes(opened.form, edited))
        except EditError as exc:
            note = str(exc)
    if sent.get(VERSION_FIELD) != opened.snapshot.version:
        note = (note + " " if note else "") + (
            "Tệp vừa được sửa ở nơi khác sau khi bạn mở trang; khi bạn bấm «Lưu», vanban sẽ "
            "cho xem phần đã đổi và không ghi đè.")
    placed = edit_form.placed(opened.form, problems)
    return web.page(request, "_kiem-tra-truong.html", {
        "form": opened.form, "placed": placed, **HELPERS,
        "errors": [p for p in problems if not p.warning],
        "warnings": [p for p in problems if p.warning], "note": note, "edited": edited,
        "labels": edit_form.labelled(opened.form), "file_name": path.name})


def _conflict(web: Web, request: Request, opened: Opened, version: str,
              opened_values: dict[str, str], edited: dict[str, str]) -> Response:
    """The file changed since the form was opened: show how, keep the officer's values."""
    try:
        write_changes(opened.path, {}, version, shared_dir=web.project.shared)
        diff = ""
    except StaleVersion as exc:
        diff = exc.diff
    assert opened.form is not None
    now = _file_values(opened.form)
    known = opened.form.by_name()
    labels = edit_form.labelled(opened.form)
    kept = {name: value for name, value in edited.items() if name in known}
    lost = [name for name in edited if name not in known]
    both = {name for name in kept if now.get(name) != opened_values.get(name)}
    text = ("Chưa lưu: tệp đã được sửa ở cửa sổ khác (hoặc bằng dòng lệnh, trình soạn thảo) "
            "sau khi bạn mở trang này. Bên dưới là phần đã đổi trong tệp; các giá trị bạn "
            "nhập vẫn giữ trong biểu mẫu. Xem lại rồi bấm «Lưu» để ghi chúng lên bản mới.")
    if both:
        text += (f" {len(both)} ô cả hai bên cùng sửa (đánh dấu đỏ): chọn giá trị đúng trước "
                 "khi lưu.")
    if lost:
        text += f" Không còn trong tệp nên không giữ được: {', '.join(lost)}."
    if not diff:
        text += " (Không còn bản lúc mở để so sánh: vanban đã khởi động lại.)"
    edits = [(labels.get(n, n), opened_values.get(n, ""), v) for n, v in kept.items()]
    notice = Notice("xung-dot", text, diff_lines(diff, opened.path), edits)
    return _render(web, request, opened, notice=notice, values={**now, **kept}, base=now,
                   conflicts=both, status_code=409)


def _build_and_show(web: Web, request: Request, path: Path) -> Response:
    """«Lưu và sinh văn bản»: the build starts now and the documents page shows it."""
    ident = province_id(path)
    web.builds.start(ident, path)
    return RedirectResponse(request.url_for("documents", ident=ident), status_code=303)


async def save(request: Request) -> Response:
    web = web_of(request)
    path = _path(web, request.path_params["ident"])
    sent = await web.form(request)
    opened = await run_in_threadpool(open_province, web, path)
    if opened.form is None:
        raise HTTPException(409, "Tệp không còn đọc được bằng biểu mẫu; sửa nó trong trình "
                                 "soạn thảo rồi tải lại trang.")
    version = sent.get(VERSION_FIELD)
    version = version if isinstance(version, str) else ""
    now, edited = _edited(opened, sent)
    opened_values = _opened_values(sent, opened.form)
    if version != opened.snapshot.version:
        return _conflict(web, request, opened, version, opened_values, edited)
    then_build = sent.get(THEN_FIELD) == THEN_BUILD
    if not edited:
        if then_build:
            return _build_and_show(web, request, path)
        return _render(web, request, opened,
                       notice=Notice("khong-doi", "Không có thay đổi nào để lưu."))
    try:
        result = await run_in_threadpool(
            write_changes, path, edit_form.changes(opened.form, edited), version,
            shared_dir=web.project.shared)
    except StaleVersion:
        return _conflict(web, request, opened, version, opened_values, edited)
    except ConfigError as exc:
        errors = sum(not p.warning for p in exc.problems)
        notice = Notice("loi", f"Chưa lưu: có {errors} lỗi (ghi ở từng ô). Tệp {path.name} "
                               "không thay đổi.")
        return _render(web, request, opened, notice=notice, problems=exc.problems,
                       values=now, base=opened_values, status_code=422)
    except EditError as exc:
        notice = Notice("loi", f"Chưa lưu: {exc}. Tệp {path.name} không thay đổi.")
        return _render(web, request, opened, notice=notice, values=now, base=opened_values,
                       status_code=422)
    if then_build:  # saved: straight on to the documents, their build under way
        return _build_and_show(web, request, path)
    saved = await run_in_threadpool(open_province, web, path)
    if not result.written:
        return _render(web, request, saved,
                       notice=Notice("khong-doi", "Không có thay đổi nào để lưu."))
    notice = Notice("luu", f"Đã lưu {path.name}. Những dòng đã đổi trong tệp:",
                    diff_lines(result.diff, path))
    return _render(web, request, saved, notice=notice)


ROUTES = [
    Route("/tinh/{ident}/sua", edit_page, name="edit"),
    Route("/tinh/{ident}/sua", save, methods=["POST"], name="save"),
    Route("/tinh/{ident}/sua/kiem-tra", check_as_typed, methods=["POST"], name="check_fields"),
]
