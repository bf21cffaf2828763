"""Private check-ins stay private through every route, page, chart, report, export and count.

Sam has two private check-ins, a CSI-4 of 14 shared with Alex, a CSI-4 of 20 shared with the
therapist, and a draft marked "couple" (drafts are never shown to anyone but their owner).
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import subprocess
import zipfile

import pytest
from fhir.resources.R4B.bundle import Bundle

from tests.assessments.measurement_world import answers, build_world, take, web_login
from tests.factories import couple
from tests.system import missing_system_package

MISSING = "0" * 32


@pytest.fixture
def world(client, db_factory):
    return build_world(client, db_factory)


def ids(listed) -> set[str]:
    return {c["id"] for c in listed}


def hidden_from_alex(world) -> list[str]:
    return [c["id"] for c in world.private] + [world.for_therapist["id"], world.draft["id"]]


def hidden_from_therapist(world) -> list[str]:
    return [c["id"] for c in world.private] + [world.for_partner["id"], world.draft["id"]]


def test_history_lists_only_what_each_reader_may_see(client, world):
    alex_sees = client.get("/api/v1/check-ins?drafts=true", headers=world.alex.auth).json()
    assert ids(c for c in alex_sees if c["owner_id"] == world.sam.id) == {world.for_partner["id"]}
    therapist_sees = client.get("/api/v1/check-ins?drafts=true",
                                headers=world.therapist.auth).json()
    assert ids(therapist_sees) == {world.for_therapist["id"]}
    sam_sees = client.get("/api/v1/check-ins?drafts=true", headers=world.sam.auth).json()
    assert ids(c for c in sam_sees if c["owner_id"] == world.sam.id) == {
        *(c["id"] for c in world.private), world.for_partner["id"],
        world.for_therapist["id"], world.draft["id"]}


def test_a_shared_check_in_is_judged_only_against_what_the_reader_sees(client, world):
    # Sam's first CSI-4 (5) is private: for Alex the shared 14 is the baseline, with no change.
    shared = client.get("/api/v1/check-ins?instrument=csi4", headers=world.alex.auth).json()
    mine = [c for c in shared if c["owner_id"] == world.sam.id]
    assert [c["change"] for c in mine] == [{}]
    read = client.get(f"/api/v1/check-ins/{world.for_partner['id']}", headers=world.alex.auth)
    assert read.json()["change"] == {}


@pytest.mark.parametrize("reader", ["alex", "therapist"])
def test_hidden_check_ins_answer_exactly_like_missing_ones(client, world, db_state, reader):
    user = getattr(world, reader)
    hidden = hidden_from_alex(world) if reader == "alex" else hidden_from_therapist(world)
    before = db_state()
    for method, body in (("GET", None), ("PATCH", {"visibility": "private"}), ("DELETE", None)):
        missing = client.request(method, f"/api/v1/check-ins/{MISSING}", json=body,
                                 headers=user.auth)
        for check_in_id in hidden:
            response = client.request(method, f"/api/v1/check-ins/{check_in_id}", json=body,
                                      headers=user.auth)
            assert (response.status_code, response.json()) == (404, missing.json())
    assert db_state() == before


def test_a_partner_cannot_share_or_unshare_the_other_s_check_in(client, world, db_state):
    before = db_state()
    response = client.patch(f"/api/v1/check-ins/{world.for_partner['id']}",
                            json={"visibility": "private"}, headers=world.alex.auth)
    assert response.status_code == 404
    assert db_state() == before


def test_progress_counts_only_shared_check_ins(client, world):
    tracks = client.get("/api/v1/progress", headers=world.alex.auth).json()["tracks"]
    assert {(t["instrument"], t["subscale"]) for t in tracks} == {("csi4", "total")}
    assert [v for _, v in tracks[0]["series"]["Sam"]] == [14]
    assert [v for _, v in tracks[0]["series"]["You"]] == [12]
    therapist = client.get("/api/v1/progress", headers=world.therapist.auth).json()["tracks"]
    assert [list(t["series"]) for t in therapist] == [["Sam"]]
    assert [v for _, v in therapist[0]["series"]["Sam"]] == [20]


@pytest.mark.parametrize("reader", ["alex", "therapist"])
def test_exports_in_every_format_hold_only_what_the_reader_may_see(app, client, world, reader):
    user = getattr(world, reader)
    hidden = set(hidden_from_alex(world) if reader == "alex" else hidden_from_therapist(world))
    as_json = client.get("/api/v1/export", headers=user.auth).json()
    json_ids = ids(as_json["check_ins"])
    assert json_ids and not json_ids & hidden
    browser = web_login(app, user)
    downloaded = json.loads(browser.get("/progress/export?format=json").content)
    assert ids(downloaded["check_ins"]) == json_ids
    rows = _csv_rows(browser.get("/progress/export?format=csv").content)
    assert {r["check_in_id"] for r in rows} == json_ids
    fhir = json.loads(browser.get("/progress/export?format=fhir").content)
    Bundle.model_validate(fhir)
    responses = [e["resource"] for e in fhir["entry"]
                 if e["resource"]["resourceType"] == "QuestionnaireResponse"]
    assert {r["id"] for r in responses} == json_ids
    questionnaires = {e["resource"]["id"] for e in fhir["entry"]
                      if e["resource"]["resourceType"] == "Questionnaire"}
    assert questionnaires == {"csi4"}  # not even which questionnaires Sam took in private


def test_pages_show_only_what_the_partner_may_see(app, world):
    browser = web_login(app, world.alex)
    listed = browser.get("/check-ins").text
    assert world.for_partner["id"] not in listed  # no share form for someone else's entry
    assert listed.count("· Sam ·") == 1
    for path in ("/progress", "/progress/report"):
        page = html.unescape(browser.get(path).text)
        assert "Sam's latest" in page and "(1 check-in)" in page.split("Sam's latest")[1]
        assert "ECR-S:" not in page and "RAS:" not in page  # no chart of a private one
    chart = browser.get("/progress/charts/csi4/total.svg")
    assert chart.headers["content-type"] == "image/svg+xml"
    assert "Sam's CSI-4 is 14, above the distress cut-off." in chart.text
    hidden_chart = browser.get("/progress/charts/ecr_s/anxiety.svg")
    missing_chart = browser.get("/progress/charts/nope/total.svg")
    assert hidden_chart.status_code == missing_chart.status_code == 404
    narrowed = browser.get(f"/progress/charts/csi4/total.svg?person_id={world.sam.id}").text
    assert "Sam's CSI-4 is 14" in narrowed and "Your" not in narrowed


def test_the_pdf_report_holds_only_what_the_therapist_may_see(app, world):
    if not shutil.which("pdftotext"):
        missing_system_package("pdftotext (reads the PDF's text)", "poppler-utils")
    browser = web_login(app, world.therapist)
    pdf = browser.get("/progress/report.pdf")
    assert pdf.content.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True,
                          check=True).stdout.decode()
    assert re.search(r"Sam's latest \(.*\): 20 — first check-in \(1 check-in\)", text)
    assert "ECR-S" not in text and "14 —" not in text


def test_a_partner_cannot_share_the_other_s_check_in_from_a_page(app, world, db_state):
    browser = web_login(app, world.alex)
    token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/check-ins").text)
    before = db_state()
    response = browser.post(f"/check-ins/share/{world.private[0]['id']}",
                            data={"visibility": "partner", "csrf_token": token.group(1)})
    assert response.status_code == 404
    assert db_state() == before


def test_a_partner_s_check_ins_never_change_the_other_s_reminders(client):
    sam, alex = couple(client)
    before = client.get("/api/v1/reminders", headers=alex.auth).json()
    for instrument, values in (("csi4", answers(4, 3, 3, 4)),
                               ("ecr_s", answers(*[4] * 12)),
                               ("csi16", answers(*[3] * 16))):
        take(client, sam, instrument, values, visibility="couple")
    assert client.get("/api/v1/reminders", headers=alex.auth).json() == before
    assert client.get("/api/v1/reminders", headers=sam.auth).json() == []


def _csv_rows(archive: bytes) -> list[dict]:
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        return list(csv.DictReader(io.StringIO(z.read("check-ins.csv").decode())))


def test_the_therapist_s_pages_name_the_partner_and_show_only_what_was_shared(app, world):
    browser = web_login(app, world.therapist)
    listed = browser.get("/check-ins").text
    assert listed.count("· Sam ·") == 1 and "· Alex ·" not in listed
    page = html.unescape(browser.get("/progress").text)
    assert "Sam's latest" in page and ": 20 — first check-in (1 check-in)" in page
