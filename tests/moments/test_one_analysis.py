"""A moment write analyses its text once: the analysis behind the writer's suggestions is also
the one the safety gate screens, whenever the two read the same text."""

from __future__ import annotations

import pytest

from between.errors import BetweenError
from between.moments import service
from between.people.accounts import create_account
from between.safety import service as safety

RISKY = "He grabbed me by the throat last night and said he would kill me if I told anyone."
CALM = "We argued about the dishes and I went quiet."


@pytest.fixture
def db(db_factory):
    with db_factory() as session:
        yield session


@pytest.fixture
def sam(db):
    return create_account(db, email="sam@example.org", display_name="Sam",
                          password="correct horse battery")


def test_recording_a_moment_runs_the_analysis_once_for_suggestions_and_screening(
        db, sam, analysis_calls):
    moment = service.record_moment(db, sam, service.NewMoment(happened=RISKY, intensity=7))
    assert analysis_calls == [([RISKY], "both")]
    assert moment.analysis["suggestions"] and "risk" not in moment.analysis  # the writer's aid
    assert set(safety.active_state(db, sam).kinds) >= {"violence", "threat"}  # still screened


def test_editing_what_happened_runs_the_analysis_once(db, sam, analysis_calls):
    moment = service.record_moment(db, sam, service.NewMoment(happened=CALM))
    analysis_calls.clear()
    service.edit_moment(db, sam, moment.id, service.MomentChange(happened=RISKY))
    assert analysis_calls == [([RISKY], "both")]
    assert safety.active_state(db, sam) is not None


def test_the_gate_still_reads_every_written_field(db, sam, analysis_calls):
    # Suggestions read "what happened"; the gate reads everything written, a different text.
    service.record_moment(db, sam, service.NewMoment(happened=CALM, meaning=RISKY))
    assert [texts for texts, _ in analysis_calls] == [[CALM], [f"{CALM}\n{RISKY}"]]
    assert safety.active_state(db, sam) is not None


def test_without_the_model_the_cue_layer_serves_both(db, sam, monkeypatch):
    import between.analysis.engine as engine

    def missing():
        raise BetweenError("no model", status=503, slug="model-unavailable")

    monkeypatch.setattr(engine, "default_learned_layer", missing)
    moment = service.record_moment(db, sam, service.NewMoment(happened=RISKY))
    assert moment.analysis["suggestions"]
    assert safety.active_state(db, sam) is not None


def test_screening_with_other_layers_does_not_reuse_the_suggestions_analysis(
        db, sam, analysis_calls, monkeypatch):
    monkeypatch.setattr(safety, "SCREENING_LAYERS", "cues")
    service.record_moment(db, sam, service.NewMoment(happened=RISKY))
    assert analysis_calls == [([RISKY], "both"), ([RISKY], "cues")]
    assert safety.active_state(db, sam) is not None
