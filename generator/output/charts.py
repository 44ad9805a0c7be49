"""The report's charts in the .docx: their sizes on the page, the drawing run that shows
each, and the package parts (media, relationship, content type) that hold them.

The composer puts each chart's data in the context (plain numbers and Vietnamese text, so
that the manifest's context hash changes exactly when a chart would). A chart is drawn
(output/chart_drawing.py) only when the cache has no PNG for its data (issue 14: "rebuilt
only when their data changes"); a report whose charts are all cached never imports
matplotlib.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from docx.oxml.ns import nsdecls
from markupsafe import Markup

from generator.output import chart_cache

DPI = 300
WIDTH_CM = 16.5  # the text width: A4 less margins of 3 cm and 1,5–2 cm (tools/build_templates)
EMU_PER_CM = 360000
COLUMNS, ROW_CM = 4, 3.2  # a goal's panels: 4 a row, 3,2 cm high (two goals fit a page)
# Room in each panel for its two-line title, the year labels and the space between, and
# under the panels for the legend; the overview chart's height (all in cm).
TITLE_CM, TICKS_CM, AXIS_LEFT_CM, AXIS_RIGHT_CM, LEGEND_CM = 0.75, 0.4, 0.25, 0.25, 0.5
OVERVIEW_CM = 5.0
IMAGE_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
DRAWING_CODE = Path(__file__).with_name("chart_drawing.py")


@dataclass(frozen=True)
class Picture:
    """One drawn chart: its PNG, its size on the page in EMU and its package names."""

    number: int
    png: bytes
    width: int
    height: int

    @property
    def member(self) -> str:
        return f"word/media/vanban-bieu-do-{self.number}.png"

    @property
    def rel_id(self) -> str:
        return f"rIdVanbanChart{self.number}"


def chart_height(chart: dict[str, Any]) -> float:
    """The chart's height in cm (its width is WIDTH_CM): a goal's grows with its panels."""
    if chart["kind"] == "overview":
        return OVERVIEW_CM
    panels = len(chart["panels"])
    return ROW_CM * -(-panels // min(COLUMNS, panels)) + LEGEND_CM


def chart_key(chart: dict[str, Any]) -> str:
    """What the PNG depends on: the chart's data, the drawing code and matplotlib's version
    (the caption is under the chart, not in it)."""
    digest = hashlib.sha256()
    data = {key: value for key, value in chart.items() if key != "caption"}
    digest.update(json.dumps(data, sort_keys=True, ensure_ascii=False).encode())
    digest.update(_drawing_version())
    return digest.hexdigest()


@cache
def _drawing_version() -> bytes:
    """The drawing code and matplotlib's version, read once per process, not per chart."""
    return DRAWING_CODE.read_bytes() + metadata.version("matplotlib").encode()


def pictures(charts: list[dict[str, Any]]) -> list[Picture]:
    """Each chart's picture, from the cache or drawn (and then cached)."""
    found = []
    for number, chart in enumerate(charts, start=1):
        key = chart_key(chart)
        png = chart_cache.load(key)
        if png is None:
            from generator.output.chart_drawing import draw  # matplotlib only when needed

            png = draw(chart)
            chart_cache.store(key, png)
        found.append(Picture(number, png, round(WIDTH_CM * EMU_PER_CM),
                             round(chart_height(chart) * EMU_PER_CM)))
    return found


def drawing(picture: Picture, name: str) -> Markup:
    """The run that shows ``picture`` inline, closing and reopening the ``{{ }}``'s run as
    docxtpl's InlineImage does."""
    size = f'cx="{picture.width}" cy="{picture.height}"'
    return Markup(
        "</w:t></w:r><w:r><w:drawing>"
        f'<wp:inline {nsdecls("wp", "a", "pic", "r")} distT="0" distB="0" distL="0" '
        f'distR="0"><wp:extent {size}/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{picture.number}" name={quoteattr(name)} descr={quoteattr(name)}/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/>'
        '</wp:cNvGraphicFramePr><a:graphic><a:graphicData '
        'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
        f'<pic:nvPicPr><pic:cNvPr id="0" name="vanban-bieu-do-{picture.number}.png"/>'
        f'<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{picture.rel_id}"/>'
        '<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm>'
        f'<a:off x="0" y="0"/><a:ext {size}/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        '</a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>'
        '</w:drawing></w:r><w:r><w:t xml:space="preserve">')


def with_relationships(rels: bytes, found: list[Picture]) -> bytes:
    """The document part's relationships with one image relationship per picture."""
    added = "".join(f'<Relationship Id="{p.rel_id}" Type="{IMAGE_TYPE}" '
                    f'Target="media/vanban-bieu-do-{p.number}.png"/>' for p in found)
    return rels.replace(b"</Relationships>", added.encode() + b"</Relationships>")


def with_png_type(types: bytes) -> bytes:
    """[Content_Types].xml knowing the .png extension (added once)."""
    if re.search(rb'Extension="png"', types, re.IGNORECASE):
        return types
    return types.replace(b"<Override", b'<Default Extension="png" ContentType="image/png"/>'
                         b"<Override", 1)
