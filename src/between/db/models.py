"""Every table, imported in one place so Alembic and tests see the whole schema.

Each domain keeps its tables in `<domain>/models.py`; importing them here registers them on
`Base.metadata`.
"""

from importlib import import_module
from importlib.util import find_spec

from between.db.base import Base

DOMAINS = ("people", "privacy", "moments", "cycle", "coach", "assessments", "safety",
           "therapist", "attachment")

for _domain in DOMAINS:
    if find_spec(f"between.{_domain}.models"):
        import_module(f"between.{_domain}.models")

__all__ = ["Base"]
