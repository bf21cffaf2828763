"""Export: everything the caller may see, and nothing else."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from between.db.base import utcnow
from between.moments.service import list_moments, moment_view
from between.people.couples import current_couple, partners
from between.people.models import Person
from between.privacy.audit import audit


def export_for(db: Session, viewer: Person) -> dict[str, Any]:
    couple = current_couple(db, viewer)
    audit(db, viewer.id, "export", "person", viewer.id)
    return {
        "exported_at": utcnow().isoformat(),
        "me": {"id": viewer.id, "email": viewer.email, "display_name": viewer.display_name,
               "role": viewer.role},
        "couple": None if couple is None else {
            "id": couple.id,
            "partners": [{"id": p.id, "display_name": p.display_name}
                         for p in partners(db, couple.id)],
        },
        "moments": [moment_view(m, viewer) for m in list_moments(db, viewer)],
    }
