"""Export: everything the caller may see, and nothing else, as JSON, CSV or FHIR."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy.orm import Session

from between.assessments.checkin import CheckIn
from between.assessments.service import as_value, history, list_check_ins
from between.attachment.service import list_reflections, reflection_view
from between.coach.service import export_view as coach_export
from between.db.base import utcnow
from between.moments.service import list_moments, moment_view
from between.people.couples import current_couple, partners
from between.people.models import Person
from between.people.time import local
from between.privacy.audit import audit
from between.reports.csv_export import codebook, codebook_csv, item_codebook, to_csv
from between.reports.csv_export import export_csv as check_ins_csv
from between.reports.fhir import bundle
from between.reports.records_csv import record_files, records_codebook, records_csv

Format = Literal["json", "csv", "fhir", "pdf"]
FORMATS: tuple[str, ...] = ("json", "csv", "fhir", "pdf")


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    media_type: str
    filename: str


def export_for(db: Session, viewer: Person) -> dict[str, Any]:
    audit(db, viewer.id, "export", "person", viewer.id)
    return _everything(db, viewer)


def _everything(db: Session, viewer: Person) -> dict[str, Any]:
    couple = current_couple(db, viewer)
    return {
        "exported_at": utcnow().isoformat(),
        "times": "ISO 8601 in UTC; me.time_zone is the zone the app shows them in",
        "me": {"id": viewer.id, "email": viewer.email, "display_name": viewer.display_name,
               "role": viewer.role, "time_zone": viewer.time_zone},
        "couple": None if couple is None else {
            "id": couple.id,
            "partners": [{"id": p.id, "display_name": p.display_name}
                         for p in partners(db, couple.id)],
        },
        "moments": [moment_view(m, viewer) for m in list_moments(db, viewer)],
        # The viewer's own drafts are theirs to keep; nobody else's draft is ever listed.
        "check_ins": history(db, viewer, drafts=True),
        # Reflections on one's attachment story: the viewer's own (drafts too) and finished ones
        # shared with them, like every other record.
        "attachment_reflections": [reflection_view(r, viewer) for r in list_reflections(db, viewer)],
        **coach_export(db, viewer),
    }


def export_csv(db: Session, viewer: Person) -> bytes:
    """A zip: one CSV per kind of record (check-ins, moments, conversations, turns, slow-downs,
    attachment reflections),
    codebook.csv (every column of every file) and items.csv (every questionnaire item's wording)."""
    check_ins = _visible_check_ins(db, viewer)
    audit(db, viewer.id, "export", "person", viewer.id)
    files = {"check-ins.csv": check_ins_csv(check_ins)}
    entries = [("check-ins.csv", e) for e in codebook(check_ins)]
    for name, (columns, records) in record_files(_everything(db, viewer)).items():
        files[name] = records_csv(columns, records)
        entries += [(name, e) for e in records_codebook(columns)]
    files["codebook.csv"] = to_csv(["file", "column", "meaning", "values"], (
        {"file": name, "column": e.column, "meaning": e.meaning, "values": e.values} for name, e in entries))
    files["items.csv"] = codebook_csv(item_codebook(c.instrument for c in check_ins))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def export_fhir(db: Session, viewer: Person) -> dict[str, Any]:
    """A FHIR R4 Bundle: a QuestionnaireResponse per visible check-in, and its Questionnaire."""
    check_ins = _visible_check_ins(db, viewer)
    audit(db, viewer.id, "export", "person", viewer.id)
    return bundle(check_ins)


def export_file(db: Session, viewer: Person, format: Format = "json") -> ExportFile:
    """The export in one of FORMATS, ready to send or write."""
    if format == "csv":
        return ExportFile(export_csv(db, viewer), "application/zip", "between-export.zip")
    if format == "pdf":
        return ExportFile(export_pdf(db, viewer), "application/pdf", "between-report.pdf")
    data = export_fhir(db, viewer) if format == "fhir" else export_for(db, viewer)
    media_type = "application/fhir+json" if format == "fhir" else "application/json"
    text = json.dumps(data, indent=2, default=str, ensure_ascii=False) + "\n"
    return ExportFile(text.encode(), media_type, f"between-export-{format}.json")


def export_pdf(db: Session, viewer: Person) -> bytes:
    """The printable progress report, as PDF, on the viewer's own clock."""
    from between.assessments.service import progress_for
    from between.reports.report import report_pdf

    audit(db, viewer.id, "export", "person", viewer.id)
    return report_pdf(progress_for(db, viewer), today=local(utcnow(), viewer.time_zone).date())


def _visible_check_ins(db: Session, viewer: Person) -> list[CheckIn]:
    return [as_value(r) for r in list_check_ins(db, viewer, drafts=True)]
