"""The page that adds a province: choose one of the 34 units, get the file ``vanban new``
writes.

The browser sends only a unit's code, looked up in the table of units
(``domain.units``); the file's name is the unit's id in ``provinces/``, and it is written
by the same functions as ``vanban new`` (``province_yaml``, then ``config.project.write_new``, which
never replaces a file). The officer then lands on the edit page to replace the samples.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from generator.config.project import PROVINCE_SUFFIXES, write_new
from generator.config.province_writer import national_targets, province_yaml
from generator.domain import units
from generator.domain.errors import VanbanError, os_error_message
from generator.web.app import Web, web_of


@dataclass(frozen=True)
class Choice:
    unit: units.Unit
    exists: bool


def _choices(web: Web) -> list[Choice]:
    folder = web.project.provinces
    return [Choice(unit, any((folder / f"{unit.id}{suffix}").exists()
                             for suffix in PROVINCE_SUFFIXES))
            for unit in units.units()]


def new_page(request: Request) -> Response:
    web = web_of(request)
    return web.page(request, "tinh-moi.html", {"choices": _choices(web)})


def _create(web: Web, unit: units.Unit) -> None:
    path = web.project.provinces / f"{unit.id}.yaml"
    for suffix in PROVINCE_SUFFIXES:
        if path.with_suffix(suffix).exists():
            raise VanbanError(f"{unit.short} đã có tệp {path.with_suffix(suffix).name}; "
                              "mở nó ở trang Sửa thay vì tạo lại.")
    text = province_yaml(unit, national_targets(web.project.shared), date.today())
    write_new(path, text)


async def create(request: Request) -> Response:
    web = web_of(request)
    form = await web.form(request)
    code = form.get("don-vi")
    unit = next((u for u in units.units() if u.code == code), None)
    if unit is None:
        return web.page(request, "tinh-moi.html", {
            "choices": _choices(web), "error": "Chưa chọn tỉnh, thành phố nào trong danh "
                                               "sách."}, status_code=400)
    try:
        await run_in_threadpool(_create, web, unit)
    except VanbanError as exc:
        return web.page(request, "tinh-moi.html", {"choices": _choices(web), "error": str(exc),
                                                   "chosen": unit.code}, status_code=409)
    except OSError as exc:
        return web.page(request, "tinh-moi.html", {
            "choices": _choices(web), "error": os_error_message(exc), "chosen": unit.code},
            status_code=500)
    target = request.url_for("edit", ident=unit.id).include_query_params(moi="1")
    return RedirectResponse(str(target), status_code=303)


ROUTES = [
    Route("/tinh-moi", new_page, name="new_province"),
    Route("/tinh-moi", create, methods=["POST"], name="create_province"),
]
