"""The cycle as an SVG picture (Graphviz), as plain text for the CLI, and as API JSON."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from between.cycle import Partner, cycle_to_dict, infer_cycle, render_svg, render_text, sentence
from between.cycle.wording import loop_boxes
from tests.cycle.cycle_couples import ALEX, SAM, WITHDRAWING, moves, pursue_withdraw

NS = {"svg": "http://www.w3.org/2000/svg"}


def parsed(cycle):
    return ET.fromstring(render_svg(cycle))


def boxes(root):
    return [g for g in root.iter(f"{{{NS['svg']}}}g") if g.get("id", "").startswith("box")]


@pytest.mark.usefixtures("graphviz_dot")
def test_the_svg_is_a_well_formed_scalable_picture_with_text_alternatives():
    cycle = infer_cycle(pursue_withdraw(6), [SAM, ALEX])
    root = parsed(cycle)
    assert root.tag == f"{{{NS['svg']}}}svg"
    assert root.get("viewBox") and root.get("width") == "100%" and root.get("height") is None
    assert root.get("role") == "img"
    title, desc = list(root)[:2]
    assert title.tag.endswith("title") and "Protest polka" in title.text
    assert desc.tag.endswith("desc") and sentence(cycle) in desc.text


@pytest.mark.usefixtures("graphviz_dot")
def test_the_svg_draws_four_boxes_in_a_loop_with_every_line_of_text():
    cycle = infer_cycle(pursue_withdraw(6), [SAM, ALEX])
    root = parsed(cycle)
    drawn = boxes(root)
    assert [g.get("id") for g in drawn] == ["box1", "box2", "box3", "box4"]
    texts = " ".join(t.text for t in root.iter(f"{{{NS['svg']}}}text"))
    for box in loop_boxes(cycle):
        for line in box.lines:
            assert all(word in texts for word in line.split())
    edges = [g for g in root.iter(f"{{{NS['svg']}}}g") if g.get("class") == "edge"]
    assert len(edges) == 4


@pytest.mark.usefixtures("graphviz_dot")
def test_the_svg_has_no_scripts_or_event_handlers():
    svg = render_svg(infer_cycle(pursue_withdraw(4), [SAM, ALEX]))
    root = ET.fromstring(svg)
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert not [a for e in root.iter() for a in e.attrib if a.lower().startswith("on")]


@pytest.mark.usefixtures("graphviz_dot")
def test_the_side_not_here_yet_is_drawn_dashed():
    root = parsed(infer_cycle(moves(ALEX, WITHDRAWING, 4, deeper_feeling="scared"), [SAM, ALEX]))
    dashed = [g.get("id") for g in boxes(root) if "stroke-dasharray" in ET.tostring(g, "unicode")]
    assert dashed == ["box2", "box3"]


@pytest.mark.usefixtures("graphviz_dot")
def test_names_with_markup_or_backslashes_are_shown_as_written():
    odd = Partner("odd", "<Jo & \\n Lee>")
    cycle = infer_cycle(moves(odd, ("yelled",), 3) + moves(ALEX, ("went quiet",), 3), [odd, ALEX])
    root = parsed(cycle)
    texts = " ".join(t.text for t in root.iter(f"{{{NS['svg']}}}text"))
    assert "<Jo & \\n Lee> gets louder" in texts


def test_the_text_rendering_walks_the_loop_then_says_the_sentence():
    cycle = infer_cycle(pursue_withdraw(6), [SAM, ALEX])
    text = render_text(cycle)
    steps = [" \u2014 ".join(box.lines) for box in loop_boxes(cycle)]
    positions = [text.index(step) for step in steps]
    assert positions == sorted(positions)
    assert text.index(sentence(cycle)) > positions[-1]
    assert "back to the start" in text


def test_the_json_follows_the_api_contract():
    moments = pursue_withdraw(6)
    data = cycle_to_dict(infer_cycle(moments, [SAM, ALEX]))
    assert json.loads(json.dumps(data)) == data
    assert data["pattern"] == "pursue_withdraw"
    assert data["positions"][SAM.id]["position"] == "pursue"
    assert {"position", "confidence", "moment_ids"} <= set(data["positions"][ALEX.id])
    assert 0 <= data["positions"][ALEX.id]["confidence"] <= 1
    assert data["sentence"].startswith("The more Sam")
    assert set(data["evidence"]) == {m.id for m in moments}
    assert isinstance(data["raw_spots"], list)
    assert len(data["timeline"]["together"]) == len(moments)
    assert data["reason"] is None


def test_the_json_of_an_unknown_cycle_carries_its_reason():
    data = cycle_to_dict(infer_cycle(moves(SAM, ("yelled",), 2), [SAM, ALEX]))
    assert data["pattern"] == "unknown"
    assert data["reason"] == "Only Sam's side is here yet"
    assert data["missing"] == [ALEX.id]
