"""Drawing the report's charts (issue 14) and embedding them in the rendered .docx.

The composer puts each chart's data in the context (plain numbers and Vietnamese text, so
that the manifest's context hash changes exactly when a chart would); this module draws it
with matplotlib (Agg, imported only here and only when a report has charts) as a PNG at
300 dpi, 16,5 cm wide (the text width), and gives the renderer the ``w:drawing`` run that
shows it and the package parts (media, relationship, content type) that hold it.

The same data gives the same bytes: no date or software name is written in the PNG.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from functools import cache
from typing import Any
from xml.sax.saxutils import quoteattr

import matplotlib

matplotlib.use("Agg")

from docx.oxml.ns import nsdecls
from markupsafe import Markup
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator

DPI = 300
WIDTH_CM = 16.5  # the text width: A4 less margins of 3 cm and 1,5–2 cm (tools/build_templates)
EMU_PER_CM = 360000
# The text is Times New Roman; Liberation Serif has its metrics, DejaVu Serif is the fallback
# every matplotlib ships with.
SERIF = ("Times New Roman", "Liberation Serif", "DejaVu Serif")
RESULT_COLOUR, LATEST_COLOUR, TARGET_COLOUR = "#9bb7d4", "#1f4e79", "#c00000"
COLUMNS, ROW_CM = 3, 4.2  # a goal's panels: 3 a row, 4,2 cm high
STATUS_COLOURS = {"Vượt": "#2e7d32", "Đạt": "#1f4e79", "Chưa đạt": "#c00000",
                  "Chưa có số liệu": "#9e9e9e"}
VIETNAMESE = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ‰"
IMAGE_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


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


@cache
def _font_file() -> str:
    """The regular face of the first serif font that has every Vietnamese letter; never
    fails (DejaVu Serif ships with matplotlib). Liberation Serif 1.x, which some systems
    still install beside 2.x under the same name, lacks "ệ", "ư"...: each file is tried."""
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    for name in SERIF:
        files = sorted(f.fname for f in font_manager.fontManager.ttflist
                       if f.name == name and f.style == "normal" and f.weight in (400, "normal"))
        for path in files:
            face = FT2Font(path)
            if all(face.get_char_index(ord(letter)) for letter in VIETNAMESE):
                return path
    return font_manager.findfont(font_manager.FontProperties(family="DejaVu Serif"))


def _typeset(figure: Figure) -> None:
    """Every text of the figure in the chosen serif face, at its own size."""
    path = _font_file()
    for text in figure.findobj(Text):
        text.set_fontproperties(font_manager.FontProperties(fname=path,
                                                            size=text.get_fontsize()))


def decimal(value: float) -> str:
    """12.5 → "12,5"; 1200 → "1.200": the tick and label numbers the Vietnamese way."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def _figure(height_cm: float) -> Figure:
    figure = Figure(figsize=(WIDTH_CM / 2.54, height_cm / 2.54), dpi=DPI,
                    layout="constrained")
    figure.set_facecolor("white")
    return figure


def _goal(figure: Figure, chart: dict[str, Any]) -> None:
    """Small multiples: one panel per indicator, its result each year (the report's year
    darker) against the target of the plan (a dashed red line, named in the title)."""
    panels = chart["panels"]
    columns = min(COLUMNS, len(panels))
    rows = -(-len(panels) // columns)
    formatter = FuncFormatter(lambda value, _: decimal(value))
    handles: list[Any] = []
    for index, panel in enumerate(panels):
        axes = figure.add_subplot(rows, columns, index + 1)
        years = [str(year) for year in panel["years"]]
        values = [v if v is not None else 0.0 for v in panel["values"]]
        colours = [LATEST_COLOUR if i == len(years) - 1 else RESULT_COLOUR
                   for i in range(len(years))]
        bars = axes.bar(years, values, color=colours, width=0.6)
        for bar, value in zip(bars, panel["values"], strict=True):
            label = "chưa có\nsố liệu" if value is None else decimal(value)
            axes.annotate(label, (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                          ha="center", va="bottom", fontsize=6.5, xytext=(0, 1),
                          textcoords="offset points")
        top = max([*values, 0.0])
        title = panel["title"]
        if panel["target"] is not None:
            line = axes.axhline(panel["target"], color=TARGET_COLOUR, linestyle="--",
                                linewidth=1)
            top = max(top, panel["target"])
            title += "\n" + panel["target_text"]
            if not handles:
                handles = [line]
        axes.set_ylim(0, top * 1.25 if top > 0 else 1)
        axes.yaxis.set_major_formatter(formatter)
        axes.yaxis.set_major_locator(MaxNLocator(5))
        axes.set_title(title, fontsize=7.5)
        axes.tick_params(labelsize=6.5)
        axes.spines[["top", "right"]].set_visible(False)
    if handles:
        figure.legend(handles, ["Mục tiêu của Kế hoạch"], loc="outside lower center",
                      fontsize=7.5, frameon=False)


def _overview(figure: Figure, chart: dict[str, Any]) -> None:
    """How many indicators are vượt, đạt, chưa đạt and without data: horizontal bars."""
    axes = figure.add_subplot(1, 1, 1)
    labels = [label for label, _ in chart["counts"]][::-1]
    counts = [count for _, count in chart["counts"]][::-1]
    bars = axes.barh(labels, counts, color=[STATUS_COLOURS.get(x, "#1f4e79") for x in labels],
                     height=0.6)
    for bar, count in zip(bars, counts, strict=True):
        axes.annotate(decimal(count), (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                      va="center", xytext=(3, 0), textcoords="offset points", fontsize=9)
    axes.set_xlim(0, max([*counts, 1]) * 1.15)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no "2,5"
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: decimal(value)))
    axes.set_xlabel("Số chỉ tiêu")
    axes.spines[["top", "right"]].set_visible(False)


def draw(chart: dict[str, Any]) -> tuple[bytes, float]:
    """The chart as PNG bytes and its height in cm (its width is WIDTH_CM)."""
    if chart["kind"] == "overview":
        height = 5.0
        figure = _figure(height)
        _overview(figure, chart)
    else:
        rows = -(-len(chart["panels"]) // min(COLUMNS, len(chart["panels"])))
        height = ROW_CM * rows + 0.6
        figure = _figure(height)
        _goal(figure, chart)
    _typeset(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None},
                   facecolor="white")
    return buffer.getvalue(), height


def pictures(charts: list[dict[str, Any]]) -> list[Picture]:
    found = []
    for number, chart in enumerate(charts, start=1):
        png, height = draw(chart)
        found.append(Picture(number, png, round(WIDTH_CM * EMU_PER_CM),
                             round(height * EMU_PER_CM)))
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
