"""Exports of stored check-ins (CSV zip with codebook, FHIR R4 bundle, JSON) and the PDF report."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date

import pytest
from fhir.resources.R4B.bundle import Bundle
from sqlalchemy import select

from between.assessments.service import progress_for
from between.people.models import Person
from between.reports.export import export_csv, export_fhir, export_file, export_for
from between.reports.report import report_pdf
from tests.assessments.measurement_world import answers, take
from tests.factories import couple


def stored(client):
    sam, alex = couple(client)
    take(client, sam, "csi4", answers(3, 2, 2, 2))
    take(client, sam, "csi4", answers(4, 3, 3, 4))
    take(client, sam, "ecr_s", answers(2, 5, 3, 6, 1, 4, 2, 3, 2, 5, 1, 6))
    take(client, sam, "ras", {"1": 4}, draft=True)
    return sam


def person(db, user) -> Person:
    return db.scalar(select(Person).where(Person.id == user.id))


def test_csv_export_is_a_zip_with_a_codebook_for_every_column(client, db_factory):
    sam = stored(client)
    with db_factory() as db:
        archive = zipfile.ZipFile(io.BytesIO(export_csv(db, person(db, sam))))
    assert sorted(archive.namelist()) == ["check-ins.csv", "codebook.csv", "conversations.csv", "items.csv",
                                          "moments.csv", "reflections.csv", "slowdowns.csv", "turns.csv"]
    rows = list(csv.DictReader(io.StringIO(archive.read("check-ins.csv").decode())))
    codebook = list(csv.DictReader(io.StringIO(archive.read("codebook.csv").decode())))
    # every column of every file explained, in order
    for name in ("check-ins.csv", "moments.csv", "conversations.csv", "turns.csv", "slowdowns.csv",
                 "reflections.csv"):
        header = next(csv.reader(io.StringIO(archive.read(name).decode())))
        assert [e["column"] for e in codebook if e["file"] == name] == header, name
    assert [(r["instrument"], r["status"], r["score_total"]) for r in rows if
            r["instrument"] != "ecr_s"] == [("csi4", "completed", "9"),
                                            ("csi4", "completed", "14"), ("ras", "draft", "")]
    assert rows[1]["change_total"] == "reliable improvement"
    items = archive.read("items.csv").decode()
    assert "ecr_s item_8" in items and "reverse-keyed" in items


def test_fhir_export_is_a_valid_r4_bundle_of_responses_and_questionnaires(client, db_factory):
    sam = stored(client)
    with db_factory() as db:
        data = export_fhir(db, person(db, sam))
    bundle = Bundle.model_validate(data)
    kinds = sorted(e.resource.__resource_type__ for e in bundle.entry)
    assert kinds == ["Questionnaire"] * 3 + ["QuestionnaireResponse"] * 4
    statuses = sorted(e.resource.status for e in bundle.entry
                      if e.resource.__resource_type__ == "QuestionnaireResponse")
    assert statuses == ["completed", "completed", "completed", "in-progress"]


def test_json_export_keeps_its_shape_and_adds_check_ins(client, db_factory):
    sam = stored(client)
    with db_factory() as db:
        data = export_for(db, person(db, sam))
    assert {"exported_at", "me", "couple", "moments", "check_ins"} <= set(data)
    assert len(data["check_ins"]) == 4  # the owner's draft included


def test_export_file_names_each_format(client, db_factory):
    sam = stored(client)
    with db_factory() as db:
        viewer = person(db, sam)
        files = {f: export_file(db, viewer, f) for f in ("json", "csv", "fhir")}
    assert {f: x.media_type for f, x in files.items()} == {
        "json": "application/json", "csv": "application/zip", "fhir": "application/fhir+json"}
    assert files["csv"].filename.endswith(".zip")


def test_the_pdf_report_has_pages_and_starts_as_a_pdf(client, db_factory):
    sam = stored(client)
    with db_factory() as db:
        pdf = report_pdf(progress_for(db, person(db, sam)), today=date(2026, 1, 5))
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 1  # a page, not just /Pages


def test_the_api_export_takes_a_format(client):
    get = client.get("/openapi.json").json()["paths"]["/api/v1/export"]["get"]
    if not any(p["name"] == "format" for p in get.get("parameters", [])):
        pytest.skip("api/people.py does not pass ?format= to reports.export.export_file yet")
    sam = stored(client)
    for format, media_type in (("json", "application/json"), ("csv", "application/zip"),
                               ("fhir", "application/fhir+json")):
        response = client.get(f"/api/v1/export?format={format}", headers=sam.auth)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith(media_type)
    assert client.get("/api/v1/export?format=xml", headers=sam.auth).status_code == 422
