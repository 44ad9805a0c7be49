"""Drawing a chart of the report with matplotlib: the chart's data in, PNG bytes out.

Only this module imports matplotlib (about 0,4 s), and only when a chart is not in the
cache (output/chart_cache.py). Sizes on the page come from output/charts.py; here are the
looks: a serif face with every Vietnamese letter to match the text, decimal commas, and
no date or software name in the PNG, so the same data gives the same bytes.
"""

from __future__ import annotations

import io
import logging
from functools import cache
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from matplotlib.ticker import FuncFormatter, MaxNLocator

from generator.output.charts import (
    AXIS_LEFT_CM,
    AXIS_RIGHT_CM,
    COLUMNS,
    DPI,
    OVERVIEW_CM,
    ROW_CM,
    TICKS_CM,
    TITLE_CM,
    WIDTH_CM,
    chart_height,
)

# The text is Times New Roman; Liberation Serif has its metrics, DejaVu Serif is the fallback
# every matplotlib ships with.
SERIF = ("Times New Roman", "Liberation Serif", "DejaVu Serif")
VIETNAMESE = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ‰"
FAMILY = "vanban-serif"
RESULT_COLOUR, LATEST_COLOUR, TARGET_COLOUR = "#9bb7d4", "#1f4e79", "#c00000"
STATUS_COLOURS = {"Vượt": "#2e7d32", "Đạt": "#1f4e79", "Chưa đạt": "#c00000",
                  "Chưa có số liệu": "#9e9e9e"}
# Level 1: a chart of flat colours compresses almost as well as at 6, several times faster.
PNG_LEVEL = 1


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


@cache
def _family() -> str:
    """A family name of our own for the chosen face, registered once, so that every text
    of a chart takes it from the style instead of being set one by one."""
    path = _font_file()
    font_manager.fontManager.ttflist.append(font_manager.FontEntry(
        fname=path, name=FAMILY, style="normal", variant="normal", weight=400,
        stretch="normal", size="scalable"))
    return FAMILY


def decimal(value: float) -> str:
    """12.5 → "12,5"; 1200 → "1.200": the tick and label numbers the Vietnamese way."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def _figure(height_cm: float) -> Figure:
    # No layout engine: the margins below are fixed in cm, which draws each chart once
    # instead of measuring every text first (about half the time of a report build).
    figure = Figure(figsize=(WIDTH_CM / 2.54, height_cm / 2.54), dpi=DPI)
    figure.set_facecolor("white")
    return figure


def _place(figure: Figure, left: float, bottom: float, width: float, height: float
           ) -> Axes:
    """Axes at a rectangle given in cm from the figure's lower left corner."""
    figure_width, figure_height = (size * 2.54 for size in figure.get_size_inches())
    return figure.add_axes((left / figure_width, bottom / figure_height,
                            width / figure_width, height / figure_height))


def _goal(figure: Figure, chart: dict[str, Any]) -> None:
    """Small multiples: one panel per indicator, its result each year (the report's year
    darker) against the target of the plan (a dashed red line, named in the title)."""
    panels = chart["panels"]
    columns = min(COLUMNS, len(panels))
    column_cm = WIDTH_CM / columns
    height = chart_height(chart)
    handles: list[Any] = []
    for index, panel in enumerate(panels):
        row, column = divmod(index, columns)
        row_top = height - row * ROW_CM
        axes = _place(figure, column * column_cm + AXIS_LEFT_CM,
                      row_top - ROW_CM + TICKS_CM,
                      column_cm - AXIS_LEFT_CM - AXIS_RIGHT_CM,
                      ROW_CM - TICKS_CM - TITLE_CM)
        years = [str(year) for year in panel["years"]]
        values = [v if v is not None else 0.0 for v in panel["values"]]
        colours = [LATEST_COLOUR if i == len(years) - 1 else RESULT_COLOUR
                   for i in range(len(years))]
        bars = axes.bar(years, values, color=colours, width=0.6)
        for bar, value in zip(bars, panel["values"], strict=True):
            label = "chưa có\nsố liệu" if value is None else decimal(value)
            axes.annotate(label, (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                          ha="center", va="bottom", fontsize=6, xytext=(0, 1),
                          textcoords="offset points",
                          # the target's dashed line passes behind the number, not through
                          bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3})
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
        # Each bar carries its value and the title the target, so no value axis: a panel
        # reads at a glance, and draws in about half the time.
        axes.yaxis.set_visible(False)
        axes.set_title(title, fontsize=6.5)
        axes.tick_params(labelsize=6.5, length=0)
        axes.spines[["top", "right", "left"]].set_visible(False)
    if handles:
        figure.legend(handles, ["Mục tiêu của Kế hoạch"], loc="lower center",
                      fontsize=7.5, frameon=False, borderaxespad=0.1)


def _overview(figure: Figure, chart: dict[str, Any]) -> None:
    """How many indicators are vượt, đạt, chưa đạt and without data: horizontal bars."""
    axes = _place(figure, 3.2, 1.2, WIDTH_CM - 3.2 - 0.6, OVERVIEW_CM - 1.2 - 0.3)
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


def draw(chart: dict[str, Any]) -> bytes:
    """The chart as PNG bytes, WIDTH_CM wide and ``chart_height(chart)`` high."""
    buffer = io.BytesIO()
    with matplotlib.rc_context({"font.family": _family()}):
        figure = _figure(chart_height(chart))
        if chart["kind"] == "overview":
            _overview(figure, chart)
        else:
            _goal(figure, chart)
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None},
                       facecolor="white", pil_kwargs={"compress_level": PNG_LEVEL})
    return buffer.getvalue()
