"""The per-couple export for the therapist: the progress report, therapist edition.

Everything in it is what the therapist may see today (the dashboard, from what each partner
shared with them) and the therapist's own work with the couple (sessions, stage marks, private
notes). 404 unless the link is active; the export itself is an audited read of the couple's.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from between.db.base import utcnow
from between.people.models import Person
from between.privacy.audit import audit
from between.therapist import dashboard, stages, workspace


def couple_export(db: Session, therapist: Person, couple_id: str) -> dict[str, Any]:
    board = dashboard.couple_dashboard(db, therapist, couple_id)
    names = {p["id"]: p["display_name"] for p in board["partners"]}
    audit(db, therapist.id, "export", "therapist_export", couple_id)
    return {
        "kind": "between.therapist-progress-report",
        "exported_at": utcnow().isoformat(),
        "times": "ISO 8601 in UTC",
        "therapist": {"id": therapist.id, "display_name": therapist.display_name},
        "what_this_holds": "Only what each partner shared with the therapist, and the "
                           "therapist's own sessions, stage marks and private notes.",
        **board,
        "sessions": [workspace.session_view(s, names)
                     for s in workspace.sessions_of(db, therapist, couple_id)],
        "stage": stages.tracker(db, therapist, couple_id),
        "notes": [workspace.note_view(n) for n in workspace.notes_of(db, therapist, couple_id)],
    }
