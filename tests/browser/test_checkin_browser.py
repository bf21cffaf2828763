"""A partner fills a CSI-4 on a phone, one question per screen, and sees the progress chart.

Earlier check-ins and moments are written straight into the live server's database, back-dated
(the app itself never back-dates a check-in), so the chart has weeks of history to draw.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta

import pytest
from sqlalchemy import select

from between.assessments.models import CheckInRecord
from between.assessments.service import NewCheckIn, record_check_in
from between.db.base import utcnow
from between.db.engine import make_engine, make_sessionmaker, unit_of_work
from between.moments.service import NewMoment, record_moment
from between.people.accounts import get_by_email
from tests.browser.people import pair_up

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# (weeks ago, Sam's answers, Alex's answers): satisfaction climbing over six weeks.
HISTORY = [(6, (2, 2, 1, 2), (3, 2, 2, 3)), (4, (3, 2, 2, 3), (3, 3, 3, 3)),
           (2, (3, 3, 3, 3), (4, 3, 3, 4))]
MOMENTS = [(6, 8, "unresolved", None, None), (5, 7, "unresolved", None, "lonely"),
           (4, 6, "repaired", 90, "scared"), (3, 6, "repaired", 45, None),
           (2, 5, "repaired", 30, "hurt"), (1, 4, "repaired", 15, "sad")]


def seed_history(database_url: str) -> None:
    engine = make_engine(database_url)
    with unit_of_work(make_sessionmaker(engine)) as db:
        now = utcnow()
        for name, column in (("sam", 1), ("alex", 2)):
            person = get_by_email(db, f"{name}@example.org")
            for weeks, *answers in HISTORY:
                values = {str(n): v for n, v in enumerate(answers[column - 1], start=1)}
                record = record_check_in(db, person, NewCheckIn(
                    instrument="csi4", answers=values, visibility="partner"))
                record.taken_at = now - timedelta(weeks=weeks)
            for weeks, intensity, outcome, minutes, feeling in MOMENTS:
                record_moment(db, person, NewMoment(
                    happened="We argued about plans and I went quiet.", intensity=intensity,
                    outcome=outcome, repair_minutes=minutes, deeper_feeling=feeling,
                    occurred_at=now - timedelta(weeks=weeks, days=column), visibility="partner"))
        assert len(list(db.scalars(select(CheckInRecord)))) == 6
    engine.dispose()


def answer_on_phone(page, choices: list[int]) -> None:
    """One question per screen: pick an answer, then Next, and Finish on the last."""
    status = page.locator(".stepper-nav p")
    for number, choice in enumerate(choices, start=1):
        assert status.inner_text() == f"Question {number} of {len(choices)}"
        assert page.locator("fieldset.item:visible").count() == 1
        item = page.locator(f"#item-{number}")
        item.locator("label.option").filter(has=page.locator(f'input[value="{choice}"]')).click()
        if number < len(choices):
            page.get_by_role("button", name="Next").click()
    page.get_by_label("My partner", exact=True).check()
    page.get_by_role("button", name="Finish").click()


def test_fill_a_csi4_on_a_phone_and_see_the_chart(live_server, chromium, artifacts, tmp_path):
    sam = chromium.new_context(viewport=PHONE).new_page()
    alex = chromium.new_context(viewport=DESKTOP).new_page()
    pair_up(sam, alex, live_server)
    seed_history(f"sqlite:///{tmp_path}/between.db")

    sam.goto(f"{live_server}/check-ins/csi4")
    assert sam.get_by_role("button", name="Finish").is_hidden()  # until the last question
    sam.screenshot(path=artifacts / "check-in-phone.png", full_page=True)
    answer_on_phone(sam, [4, 4, 4, 4])
    sam.wait_for_url(f"{live_server}/check-ins?done=*")
    assert "reliable improvement" in sam.locator(".result").inner_text()

    sam.goto(f"{live_server}/progress")
    chart = sam.locator('img[src="/progress/charts/csi4/total.svg"]')
    chart.wait_for()
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    caption = sam.locator("figure figcaption").first.inner_text()
    assert "Your CSI-4 rose from 7 to 16, a reliable improvement" in caption
    assert "Alex's CSI-4" in caption  # both partners shared: both lines on one chart
    interactions = sam.locator('img[src="/progress/charts/interactions.svg"]')
    assert interactions.evaluate("img => img.complete && img.naturalWidth > 0")
    sam.screenshot(path=artifacts / "progress-phone.png", full_page=True)

    alex.goto(f"{live_server}/check-ins/ecr_s")  # on a desktop every item is on the page
    assert alex.locator("fieldset.item:visible").count() == 12
    assert alex.locator(".stepper-nav").is_hidden()
    alex.screenshot(path=artifacts / "check-in-desktop.png", full_page=True)

    alex.goto(f"{live_server}/progress")
    alex.locator('img[src="/progress/charts/csi4/total.svg"]').wait_for()
    alex.screenshot(path=artifacts / "progress-desktop.png", full_page=True)

    alex.emulate_media(media="print")
    alex.goto(f"{live_server}/progress/report")
    assert alex.locator("header.site").is_hidden()  # the print stylesheet drops navigation
    alex.screenshot(path=artifacts / "progress-report-print.png", full_page=True)

    pdf = alex.request.get(f"{live_server}/progress/report.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    (artifacts / "progress-report.pdf").write_bytes(pdf.body())
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1",
                        str(artifacts / "progress-report.pdf"),
                        str(artifacts / "progress-report-pdf")], check=True)
