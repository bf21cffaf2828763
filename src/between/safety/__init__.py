"""Safety first: the private check-in, the risk gate on written text, routing, resources.

Pure content and rules; storage and routes live in the services and adapters that call them.
"""

from __future__ import annotations

from between.safety.gate import PAUSED_WORDING
from between.safety.plan import load_safety_plan
from between.safety.recommendations import all_recommendations
from between.safety.resources import shipped_locales
from between.safety.screening import load_check_in

__all__ = ["PAUSED_WORDING", "check_data"]


def check_data() -> None:
    """Load and validate every safety data file; call at start-up so a bad file fails early."""
    load_check_in()
    all_recommendations()
    load_safety_plan()
    shipped_locales()
