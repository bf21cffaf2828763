"""Charts: SVG that parses, draws the cut-off, carries no script, and says in words what it shows."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from between.assessments.instruments import get_instrument
from between.reports.charts import WeekMetrics, interaction_chart, score_chart, score_summary

SVG = "{http://www.w3.org/2000/svg}"


def weekly(*values, start=date(2026, 1, 5)):
    return [(start + timedelta(weeks=n), v) for n, v in enumerate(values)]


@pytest.fixture(scope="module")
def both_partners():
    return score_chart(get_instrument("csi4"), {"You": weekly(9, 11, 14), "Sam": weekly(15, 14)})


def test_the_chart_is_well_formed_svg_with_the_cut_off_line(both_partners):
    root = ET.fromstring(both_partners.svg.encode())
    assert root.tag == f"{SVG}svg"
    cutoff = [g for g in root.iter(f"{SVG}g") if g.get("id") == "cutoff"]
    assert len(cutoff) == 1 and cutoff[0].find(f"{SVG}path") is not None
    texts = "".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "13.5" in texts and "You" in texts and "Sam" in texts


def test_the_chart_is_small_script_free_and_named_for_screen_readers(both_partners):
    svg = both_partners.svg
    assert len(svg.encode()) < 40_000
    assert "<script" not in svg and "javascript:" not in svg
    root = ET.fromstring(svg.encode())
    assert root.get("role") == "img"
    assert root.find(f"{SVG}desc").text == both_partners.summary


def test_the_summary_judges_each_person_by_reliable_change_and_the_cut_off(both_partners):
    assert both_partners.summary == (
        "Your CSI-4 rose from 9 to 14, a reliable improvement; it is now above the distress "
        "cut-off. Sam's CSI-4 fell from 15 to 14, not a reliable change; it is now above the "
        "distress cut-off."
    )


def test_summaries_for_one_check_in_and_for_a_scale_without_a_cut_off():
    assert score_summary(get_instrument("csi4"), {"You": weekly(12)}) == (
        "Your CSI-4 is 12, below the distress cut-off."
    )
    ecr_s = get_instrument("ecr_s")
    assert score_summary(ecr_s, {"You": weekly(4.5, 3.0)}, subscale="anxiety") == (
        "Your ECR-S attachment anxiety fell from 4.50 to 3.00, a reliable improvement."
    )
    assert score_summary(ecr_s, {}, subscale="anxiety") == "No ECR-S check-ins yet."


def test_the_interaction_chart_pictures_the_shift_to_a_positive_cycle():
    weeks = [WeekMetrics(date(2026, 1, 5) + timedelta(weeks=n), m, p)
             for n, (m, p) in enumerate([(5, 1), (4, 1), (0, 0), (4, 3)])]
    chart = interaction_chart(weeks)
    root = ET.fromstring(chart.svg.encode())
    assert len([r for r in root.iter(f"{SVG}g") if (r.get("id") or "").startswith("patch")]) >= 8
    assert chart.summary == (
        "Over 4 weeks, 13 moments: 3.2 a week on average (5 in the first week, 4 in the latest), "
        "and the share of positive-cycle moments rose from 20% to 75%."
    )
    assert interaction_chart([]).summary == "No moments recorded yet."
