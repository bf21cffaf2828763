"""Fixtures for the safety tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def cue_layer_only(monkeypatch):
    """Screen text with the cue layer alone: privacy tests then do not depend on how the learned
    model happens to be calibrated (its false alarms would open states for the wrong person)."""
    from between.safety import service

    monkeypatch.setattr(service, "SCREENING_LAYERS", "cues")
