"""Lines drawn as shapes: DrawingML and VML rules anchored in a paragraph.

The decree's rules under Tiêu ngữ, the agency name and the trích yếu are as
often drawn shapes as paragraph borders or underscores; pictures, text boxes
and stamps must not be taken for them.
"""

from __future__ import annotations

import re

from lxml import etree

from generator.check.package import A_NS, O_NS, PIC_NS, V_NS, WP_NS, WPS_NS, inside, to_int, w

THIN_EMU = 36000  # a shape at most 1 mm high counts as a line
THIN_PT = 3.0
MIN_RULE = 57  # twips (1 mm): anything shorter is not a visible horizontal rule


def shape_widths(p: etree._Element) -> tuple[int | None, ...]:
    """Line-like shapes anchored in the paragraph, with their widths in twips when known.

    A rule may be drawn as a DrawingML line or connector, a VML line, or a very
    thin rectangle; pictures (logos, signature images), text boxes and framed
    stamps are not rules.
    """
    widths: list[int | None] = []
    for drawing in p.iter(w("drawing")):
        if not inside(drawing, p, {w("txbxContent")}) and _is_line_drawing(drawing):
            extent = drawing.find(f".//{{{WP_NS}}}extent")
            widths.append(to_int(extent.get("cx")) // 635 if extent is not None else None)
    for pict in p.iter(w("pict")):
        if inside(pict, p, {w("txbxContent")}):
            continue
        widths += [_vml_width(shape) for shape in pict if _is_line_vml(shape)]
    # A connector of no width (a vertical stub, or one left behind by an edit) draws no rule.
    return tuple(width for width in widths if width is None or width >= MIN_RULE)


def _is_line_drawing(drawing: etree._Element) -> bool:
    """A DrawingML line/connector, or a shape with no text and almost no height."""
    if (
        drawing.find(f".//{{{PIC_NS}}}pic") is not None
        or drawing.find(f".//{{{WPS_NS}}}txbx") is not None
    ):
        return False
    geom = drawing.find(f".//{{{A_NS}}}prstGeom")
    if geom is not None and geom.get("prst", "").startswith(("line", "straightConnector")):
        return True
    if _is_horizontal_path(drawing):
        return True
    extent = drawing.find(f".//{{{WP_NS}}}extent")
    shape = drawing.find(f".//{{{WPS_NS}}}wsp")
    return shape is not None and extent is not None and to_int(extent.get("cy")) <= THIN_EMU


def _is_horizontal_path(drawing: etree._Element) -> bool:
    """A freeform shape (``a:custGeom``) whose path only moves and draws along one height.

    Converters and some editors draw the rule under the trích yếu this way, as a
    "Graphic" whose path is "move to (0, 0), line to (w, 0)".
    """
    paths = drawing.findall(f".//{{{A_NS}}}custGeom/{{{A_NS}}}pathLst/{{{A_NS}}}path")
    if not paths:
        return False
    heights: set[int] = set()
    for path in paths:
        for step in path:
            if step.tag not in (f"{{{A_NS}}}moveTo", f"{{{A_NS}}}lnTo"):
                return False
            heights |= {to_int(pt.get("y")) for pt in step.iter(f"{{{A_NS}}}pt")}
    return len(heights) == 1


def _is_line_vml(shape: etree._Element) -> bool:
    """A VML line, horizontal rule, connector, or a rectangle/shape at most 3 pt high."""
    if shape.tag == f"{{{V_NS}}}line":
        return True
    if shape.tag not in (f"{{{V_NS}}}rect", f"{{{V_NS}}}shape"):
        return False
    if (
        shape.find(f".//{{{V_NS}}}textbox") is not None
        or shape.find(f".//{{{V_NS}}}imagedata") is not None
    ):
        return False
    if shape.get(f"{{{O_NS}}}hr") in ("t", "true") or shape.get(f"{{{O_NS}}}connectortype"):
        return True
    match = re.search(r"height:\s*([\d.]+)pt", shape.get("style", ""))
    return match is not None and float(match.group(1)) <= THIN_PT


def _vml_width(shape: etree._Element) -> int | None:
    """Width of a VML shape in twips, from ``from``/``to`` or the CSS ``width``."""
    if shape.get("from") and shape.get("to"):
        try:
            x1 = float(shape.get("from", "0").split(",")[0].replace("pt", ""))
            x2 = float(shape.get("to", "0").split(",")[0].replace("pt", ""))
            return int(abs(x2 - x1) * 20)
        except ValueError:
            return None
    match = re.search(r"width:\s*([\d.]+)pt", shape.get("style", ""))
    return int(float(match.group(1)) * 20) if match else None
