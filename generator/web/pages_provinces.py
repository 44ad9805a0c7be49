"""The page of provinces: each one valid or not, its documents and when they were built."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from generator.web.app import web_of
from generator.web.provinces import rows


def provinces_page(request: Request) -> Response:
    web = web_of(request)
    found, problem = rows(web.project, web.out)
    return web.page(request, "tinh.html", {"rows": found, "problem": problem,
                                           "provinces_folder": web.project.provinces})


ROUTES = [Route("/", provinces_page, name="provinces")]
