"""Check-in and progress pages: the form, its errors, drafts, charts, the report and the PDF."""

from __future__ import annotations

import html
import re

import pytest

from tests.assessments.measurement_world import web_login
from tests.factories import moment, sign_up

ALL_THREES = {f"answers.{n}": "3" for n in range(1, 5)}


@pytest.fixture
def sam(client):
    return sign_up(client, "Sam")


@pytest.fixture
def browser(app, sam):
    return web_login(app, sam)


def token(browser, path="/check-ins/csi4") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', browser.get(path).text).group(1)


def submit(browser, fields: dict, action="finish", instrument="csi4", **kwargs):
    data = {"csrf_token": token(browser), "action": action, **fields}
    return browser.post(f"/check-ins/{instrument}", data=data, **kwargs)


def test_the_form_is_one_fieldset_per_item_with_native_radio_groups(browser):
    page = browser.get("/check-ins/csi4").text
    assert page.count('<fieldset class="item') == 4
    assert "<legend><span class=\"number\">1.</span> Please indicate the degree of happiness" in page
    assert len(re.findall(r'type="radio" name="answers\.1"', page)) == 7  # 0 to 6
    assert "Extremely Unhappy" in page and "Perfect" in page
    assert "<script>" not in page and "style=" not in page  # CSP: nothing inline
    assert '<script src="/static/assessments.js" defer>' in page
    assert "Funk, J. L., &amp; Rogge" in page and "Terms of use" in page


def test_errors_are_shown_next_to_each_item_and_answers_are_kept(browser, db_state):
    before = db_state()
    response = submit(browser, {"answers.1": "5", "answers.3": "9"})
    assert response.status_code == 422
    page = response.text
    assert 'role="alert"' in page
    assert '<p class="item-error" id="answers.2-error">required</p>' in page
    assert '<p class="item-error" id="answers.3-error">must be an integer from 0 to 5</p>' in page
    assert 'id="answers.1-error"' not in page
    assert re.search(r'name="answers\.1" value="5"\s+checked', page)  # nothing typed is lost
    assert db_state() == before


def test_a_draft_is_saved_and_offered_again(browser):
    saved = submit(browser, {"answers.1": "5"}, action="draft", follow_redirects=True)
    assert "draft is saved" in saved.text
    page = browser.get("/check-ins/csi4").text
    assert re.search(r'name="answers\.1" value="5"\s+checked', page)
    assert "draft — finish it" in browser.get("/check-ins").text


def test_finishing_shows_the_score_and_its_band(browser):
    done = submit(browser, ALL_THREES, follow_redirects=True)
    assert done.status_code == 200
    assert "<strong>12</strong>" in done.text
    assert "Below the distress cut-off" in done.text


def test_the_progress_page_shows_charts_with_text_summaries(client, browser, sam):
    submit(browser, ALL_THREES)
    submit(browser, {f"answers.{n}": "5" for n in range(1, 5)})
    moment(client, sam, intensity=7, deeper_feeling="lonely")
    page = html.unescape(browser.get("/progress").text)
    assert '<img src="/progress/charts/csi4/total.svg"' in page
    assert "Your CSI-4 rose from 12 to 20, a reliable improvement" in page  # alt and caption
    assert '<img src="/progress/charts/interactions.svg"' in page
    assert "Deeper feeling named" in page and "100% of 1 moment" in page and "1 moments" not in page
    assert "reliable change index" in page


def test_chart_routes_return_svg_with_their_own_strict_policy(client, browser, sam):
    submit(browser, ALL_THREES)
    moment(client, sam, intensity=4)
    for path in ("/progress/charts/csi4/total.svg", "/progress/charts/interactions.svg"):
        chart = browser.get(path)
        assert chart.status_code == 200
        assert chart.headers["content-type"] == "image/svg+xml"
        assert chart.headers["content-security-policy"] == (
            "default-src 'none'; style-src 'unsafe-inline'")
        assert "<svg" in chart.text and "<script" not in chart.text
    assert '<g id="cutoff">' in browser.get("/progress/charts/csi4/total.svg").text


def test_the_printable_report_and_the_pdf(browser):
    submit(browser, ALL_THREES)
    report = browser.get("/progress/report").text
    assert "Progress report for Sam" in report and "/static/css/assessments.css" in report
    assert 'class="no-print"' in report
    pdf = browser.get("/progress/report.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and re.search(rb"/Type\s*/Page[^s]", pdf.content)


def test_the_print_stylesheet_hides_navigation(client):
    css = client.get("/static/css/assessments.css").text
    assert "@media print" in css and "header.site" in css.split("@media print")[1]


def test_sharing_a_check_in_from_the_list(client, browser, sam):
    submit(browser, ALL_THREES)
    check_in = client.get("/api/v1/check-ins", headers=sam.auth).json()[0]
    shared = browser.post(f"/check-ins/share/{check_in['id']}",
                          data={"visibility": "couple", "csrf_token": token(browser)})
    assert shared.status_code == 200
    assert client.get("/api/v1/check-ins", headers=sam.auth).json()[0]["visibility"] == "couple"


def test_forms_without_the_csrf_token_are_refused(browser, db_state):
    before = db_state()
    response = browser.post("/check-ins/csi4", data={**ALL_THREES, "action": "finish"})
    assert response.status_code == 403
    assert db_state() == before


def test_pages_need_a_login_and_charts_reveal_nothing_without_one(client):
    assert client.get("/check-ins", follow_redirects=False).headers["location"] == "/login"
    assert client.get("/progress", follow_redirects=False).headers["location"] == "/login"
    assert client.get("/progress/charts/csi4/total.svg").status_code == 404


def test_an_unknown_questionnaire_is_a_404_page(browser):
    assert browser.get("/check-ins/bdi").status_code == 404


def test_downloads_in_each_format(browser):
    submit(browser, ALL_THREES)
    assert browser.get("/progress/export?format=csv").headers["content-type"] == "application/zip"
    fhir = browser.get("/progress/export?format=fhir")
    assert fhir.headers["content-type"] == "application/fhir+json"
    assert browser.get("/progress/export?format=xml").status_code == 422
