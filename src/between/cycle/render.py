"""The cycle as a picture (SVG, laid out by Graphviz), as plain text and as JSON-ready data."""

from __future__ import annotations

import re
import textwrap
import xml.etree.ElementTree as ET
from typing import Any

import graphviz

from between.cycle.inference import Count, Cycle, Position
from between.cycle.timeline import TimelinePoint
from between.cycle.wording import (
    PATTERN_NAMES,
    Box,
    describe,
    loop_boxes,
    pattern_title,
    reason_text,
    sentence,
)
from between.errors import BetweenError

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

WRAP_AT = 17  # characters per line: narrow boxes keep the text large on a phone
LONGEST_LINE = 64  # a person's long own words are shortened in the picture (not in the text)
# Box centres in inches, clockwise from the top left: the loop reads like a clock.
CORNERS = ("0,2.3!", "2.5,2.3!", "2.5,0!", "0,0!")
FILL = {"move": "#fbeee0", "inner": "#e6f0fa"}
INK = "#333333"
# Not allowed in XML 1.0 (so not in SVG): C0/C1 controls other than tab and newlines, and the
# two non-characters; lone surrogates cannot be encoded at all.
_UNDRAWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def render_svg(cycle: Cycle) -> str:
    """A standalone SVG document: four boxes in a loop, scalable, with a title and a desc."""
    try:
        raw = _graph(cycle).pipe(format="svg", encoding="utf-8")
    except graphviz.ExecutableNotFound as exc:
        raise BetweenError(
            "Drawing the cycle needs Graphviz's `dot` program (Debian: apt-get install graphviz).",
            status=503,
            title="Diagram unavailable",
            slug="diagram-unavailable",
        ) from exc
    return _accessible(raw, pattern_title(cycle), describe(cycle))


def _graph(cycle: Cycle) -> graphviz.Digraph:
    graph = graphviz.Digraph("cycle", engine="neato")
    graph.attr(splines="line", bgcolor="transparent", pad="0.15")
    graph.attr(
        "node", shape="box", fontname="sans-serif", fontsize="14", fontcolor=INK,
        width="1.9", margin="0.1,0.08", color=INK,
    )  # fmt: skip
    graph.attr("edge", color=INK, penwidth="1.4", arrowsize="0.8")
    names = [f"box{i}" for i in range(1, 5)]
    for name, box, corner in zip(names, loop_boxes(cycle), CORNERS, strict=True):
        graph.node(name, _label(box.lines), id=name, pos=corner, **_style(box))
    graph.node(
        "centre", _label(_centre_text(cycle)), id="centre", shape="plaintext",
        pos="1.25,1.15!", fontsize="13", fontcolor="#555555",
    )  # fmt: skip
    for tail, head in zip(names, names[1:] + names[:1], strict=True):
        graph.edge(tail, head)
    return graph


def _style(box: Box) -> dict[str, str]:
    dashed = "" if box.known else ",dashed"
    return {"style": f"rounded,filled{dashed}", "fillcolor": FILL[box.kind]}


def _centre_text(cycle: Cycle) -> tuple[str, ...]:
    if cycle.pattern in PATTERN_NAMES:
        return (PATTERN_NAMES[cycle.pattern], "the cycle is the problem, not either of you")
    return ("the cycle, still taking shape",)


def _label(lines: tuple[str, ...]) -> str:
    # Wrap; drop characters no SVG can hold (control characters broke the XML); escape
    # backslashes and never read "<...>" as an HTML label, so a person's words stay words.
    short = [textwrap.shorten(_UNDRAWABLE.sub(" ", line), LONGEST_LINE, placeholder="\u2026")
             for line in lines]
    wrapped = [part for line in short for part in textwrap.wrap(line, WRAP_AT) or [""]]
    return graphviz.nohtml("\\n".join(line.replace("\\", "\\\\") for line in wrapped))


def _accessible(raw: str, title: str, desc: str) -> str:
    """Drop the fixed size (the viewBox scales it), add role, title and desc for screen readers."""
    root = ET.fromstring(raw)
    width = root.attrib.pop("width", "")
    root.attrib.pop("height", None)
    root.set("width", "100%")
    if width.endswith("pt"):
        # Never wider than its natural size: on a desktop it stays crisp, on a phone it shrinks.
        root.set("style", f"max-width:{round(float(width[:-2]) * 4 / 3)}px;height:auto")
    root.set("role", "img")
    root.set("aria-labelledby", "cycle-title cycle-desc")
    for index, (tag, text) in enumerate((("title", title), ("desc", desc))):
        element = ET.Element(f"{{{SVG_NS}}}{tag}", id=f"cycle-{tag}")
        element.text = _UNDRAWABLE.sub(" ", text)  # a person's words, as in the labels
        root.insert(index, element)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def render_text(cycle: Cycle) -> str:
    """The loop as plain text for the CLI: four steps with arrows, then the sentence."""
    lines = [pattern_title(cycle), ""]
    for box in loop_boxes(cycle):
        lines += ["  " + " \u2014 ".join(box.lines), "    \u2193"]
    lines[-1] = "    \u21ba back to the start"
    lines += ["", sentence(cycle)]
    if cycle.raw_spots:
        lines += ["", "Raw spots (triggers that keep coming back):"]
        lines += [f"  {spot.count}\u00d7 {spot.title}" for spot in cycle.raw_spots]
    return "\n".join(lines) + "\n"


def cycle_to_dict(cycle: Cycle) -> dict[str, Any]:
    """The JSON shape of GET /api/v1/couples/current/cycle."""
    return {
        "pattern": cycle.pattern,
        "pattern_name": PATTERN_NAMES.get(cycle.pattern),
        "confidence": cycle.confidence,
        "reason": reason_text(cycle),
        "missing": [p.id for p in cycle.missing],
        "positions": {p.partner.id: _position_dict(p) for p in cycle.positions},
        "sentence": sentence(cycle),
        "description": describe(cycle),
        "raw_spots": [
            {"key": s.key, "title": s.title, "count": s.count, "moment_ids": list(s.moment_ids)}
            for s in cycle.raw_spots
        ],
        "evidence": list(cycle.evidence),
        "timeline": {
            "together": [_point_dict(t) for t in cycle.timeline.together],
            "partners": {
                pid: [_point_dict(t) for t in points]
                for pid, points in cycle.timeline.by_partner.items()
            },
        },
    }


def _position_dict(position: Position) -> dict[str, Any]:
    return {
        "name": position.partner.name,
        "position": position.position,
        "confidence": position.confidence,
        "main_move": position.main_move,
        "moment_ids": list(position.moment_ids),
        "moment_count": position.moment_count,
        "moves": _counts(position.moves),
        "surface_reactions": _counts(position.surface_reactions),
        "deeper_feelings": _counts(position.deeper_feelings),
        "needs": _counts(position.needs),
    }


def _counts(counts: tuple[Count, ...]) -> list[dict[str, Any]]:
    return [{"term": c.term, "count": c.count} for c in counts]


def _point_dict(point: TimelinePoint) -> dict[str, Any]:
    return {
        "moment_id": point.moment_id,
        "partner_id": point.partner_id,
        "occurred_at": point.occurred_at.isoformat(),
        "intensity": point.intensity,
        "outcome": point.outcome,
        "repair_minutes": point.repair_minutes,
    }
