"""The safety service: written text opens the writer's own state, joint work pauses neutrally."""

from __future__ import annotations

import pytest

from between.errors import BetweenError
from between.people.accounts import create_account
from between.people.couples import create_couple, join_couple, leave_couple
from between.people.models import Membership, Role
from between.safety import service
from between.safety.gate import PAUSED_WORDING
from tests.safety.answers import AFRAID, all_clear

RISKY = "He grabbed me by the throat last night and said he would kill me if I told anyone."
FIGURATIVE = ["I could kill for a coffee", "this deadline is killing me", "I'm dying to see you"]


@pytest.fixture
def db(db_factory):
    with db_factory() as session:
        yield session


def person(db, name: str, role: Role = Role.PARTNER):
    return create_account(db, email=f"{name.lower()}@example.org", display_name=name,
                          password="correct horse battery", role=role)


@pytest.fixture
def pair(db):
    sam, alex = person(db, "Sam"), person(db, "Alex")
    couple, code = create_couple(db, sam, invite_hours=1)
    join_couple(db, alex, code)
    db.flush()
    return sam, alex, couple


def test_a_risky_text_opens_a_state_for_the_writer_only(db, pair):
    sam, alex, couple = pair
    service.screen_text(db, sam, RISKY, source="moment")
    state = service.active_state(db, sam)
    assert state is not None and state.source == "text" and state.couple_id == couple.id
    assert {"violence", "threat"} <= set(state.kinds)
    assert service.active_state(db, alex) is None
    assert service.status_for(db, alex).status.risk_active is False


@pytest.mark.parametrize("text", FIGURATIVE)
def test_figurative_speech_opens_nothing(db, pair, text):
    sam, _, couple = pair
    service.screen_text(db, sam, text, source="reply")
    assert service.active_state(db, sam) is None
    assert not service.joint_features_paused(db, couple.id)


def test_more_risk_widens_the_open_state_instead_of_opening_another(db, pair):
    sam, _, _ = pair
    service.take_check_in(db, sam, AFRAID)
    first = service.active_state(db, sam)
    service.screen_text(db, sam, RISKY, source="turn")
    assert service.active_state(db, sam).id == first.id
    assert "fear_of_partner" in first.kinds and "violence" in first.kinds
    assert first.source == "check_in"  # the state keeps how it began


def test_risk_past_the_analysis_limit_is_still_found(db, pair):
    sam, _, _ = pair
    from between.analysis import MAX_CHARS

    service.screen_text(db, sam, "We talked about the weekend. " * (MAX_CHARS // 20) + RISKY,
                        source="reflection")
    assert service.active_state(db, sam) is not None


def test_a_broken_learned_model_falls_back_to_the_cue_layer(db, pair, monkeypatch):
    import between.analysis.engine as engine

    real = engine.analyze_messages

    def learned_broken(texts, *, layers="both", learned=None):
        if layers != "cues":
            raise BetweenError("model file missing", status=500)
        return real(texts, layers="cues")

    monkeypatch.setattr(engine, "analyze_messages", learned_broken)
    sam, _, _ = pair
    service.screen_text(db, sam, RISKY, source="moment")
    assert service.active_state(db, sam) is not None


def test_screening_hands_back_its_analysis_only_when_a_reader_could_use_it(db, pair, monkeypatch):
    from between.analysis import MAX_CHARS

    sam, _, _ = pair
    calm = "Can we talk about the weekend tonight?"
    reading = service.screen_text(db, sam, calm, source="reach")
    assert reading is not None and reading.layers == "both"  # as the coaching would read it
    assert service.screen_text(db, sam, calm * (MAX_CHARS // len(calm) + 1), source="reach") is None
    assert service.screen_text(db, sam, "  ", source="reach") is None
    monkeypatch.setattr(service, "SCREENING_LAYERS", "cues")
    assert service.screen_text(db, sam, calm, source="reach") is None  # not what a reader uses


def test_a_given_analysis_screens_only_when_it_is_the_screenings_own(db, pair, monkeypatch,
                                                                      analysis_calls):
    from between.analysis import analyze_message

    sam, _, _ = pair
    risky = analyze_message(RISKY, layers="both")
    analysis_calls.clear()
    assert service.screen_text(db, sam, RISKY, source="moment", analysis=risky) is risky
    assert analysis_calls == [] and service.active_state(db, sam) is not None
    # Made with other layers than the screening's: the text is analysed afresh.
    monkeypatch.setattr(service, "SCREENING_LAYERS", "cues")
    service.screen_text(db, sam, RISKY, source="moment", analysis=risky)
    assert analysis_calls == [([RISKY], "cues")]


def test_empty_text_is_not_screened_and_an_unknown_source_is_a_bug(db, pair):
    sam, _, _ = pair
    service.screen_text(db, sam, "   ", source="moment")
    assert service.active_state(db, sam) is None
    with pytest.raises(ValueError, match="unknown text source"):
        service.screen_text(db, sam, RISKY, source="diary")


def test_screening_writes_nothing_but_the_writers_state(db, pair, db_state):
    sam, _, _ = pair
    db.commit()
    before = db_state()
    service.screen_text(db, sam, RISKY, source="moment")
    db.commit()
    after = db_state()
    changed = {table for table in after if after[table] != before[table]}
    assert changed == {"safety_states"}


def test_joint_features_pause_while_either_partner_has_a_state(db, pair):
    sam, alex, couple = pair
    assert service.joint_features_paused(db, couple.id) is False
    service.take_check_in(db, alex, AFRAID)
    assert service.joint_features_paused(db, couple.id) is True
    assert service.joint_pause_notice(db, couple.id) == PAUSED_WORDING
    service.clear(db, alex)
    assert service.joint_features_paused(db, couple.id) is False
    assert service.joint_features_paused(db, None) is False


def test_a_state_opened_alone_pauses_the_couple_joined_later(db):
    sam, alex = person(db, "Sam"), person(db, "Alex")
    service.screen_text(db, alex, RISKY, source="moment")
    couple, code = create_couple(db, sam, invite_hours=1)
    assert service.joint_features_paused(db, couple.id) is False
    join_couple(db, alex, code)
    db.flush()
    assert service.joint_features_paused(db, couple.id) is True
    leave_couple(db, alex)
    db.flush()
    assert service.joint_features_paused(db, couple.id) is False


def test_the_pause_problem_is_one_neutral_409():
    first, second = service.pause_problem(), service.pause_problem()
    assert (first.status, first.slug, first.detail) == (409, "joint-paused", PAUSED_WORDING)
    assert vars(first) == vars(second)


def test_clearing_closes_every_open_row_of_the_person(db, pair):
    from between.safety.models import SafetyStateRecord

    sam, _, couple = pair
    service.take_check_in(db, sam, AFRAID)
    db.add(SafetyStateRecord(person_id=sam.id, couple_id=couple.id, kinds=["threat"],
                             source="text"))  # as if a second request had opened one at once
    db.flush()
    service.clear(db, sam)
    assert service.joint_features_paused(db, couple.id) is False


def test_the_notice_shows_once_and_only_to_the_writer(db, pair):
    sam, alex, _ = pair
    service.screen_text(db, sam, RISKY, source="moment")
    assert service.take_notice(db, alex) is False
    assert service.take_notice(db, sam) is True
    assert service.take_notice(db, sam) is False
    assert service.take_notice(db, None) is False


def maybe_risky(monkeypatch, score: float = 0.7) -> None:
    """The detector reads the next text as possibly about risk, below its gate."""
    monkeypatch.setattr(service, "_detect_risk",
                        lambda text, known=None: ({"flag": False, "kinds": [], "score": score}, None))


def test_a_text_that_may_be_about_risk_offers_its_writer_support_once(db, pair, monkeypatch):
    sam, alex, couple = pair
    maybe_risky(monkeypatch)
    service.screen_text(db, sam, "Sometimes I just want to disappear for a while.", source="moment")
    assert service.take_notice(db, alex) is False
    assert service.take_notice(db, sam) is True
    assert service.take_notice(db, sam) is False


def test_an_offer_of_support_opens_no_state_and_pauses_nothing(db, pair, monkeypatch):
    sam, alex, couple = pair
    maybe_risky(monkeypatch)
    service.screen_text(db, sam, "Sometimes I just want to disappear for a while.", source="turn")
    assert service.active_state(db, sam) is None
    assert not service.joint_features_paused(db, couple.id)
    assert service.status_for(db, sam).status.risk_active is False
    assert service.therapist_alerts(db, alex) == []


def test_a_text_far_from_risk_offers_nothing(db, pair, monkeypatch):
    sam, _, _ = pair
    maybe_risky(monkeypatch, score=0.2)
    service.screen_text(db, sam, "Can we do the shopping on Saturday?", source="moment")
    assert service.take_notice(db, sam) is False


def test_a_check_in_opens_no_notice_the_person_is_already_looking(db, pair):
    sam, _, _ = pair
    service.take_check_in(db, sam, AFRAID)
    assert service.take_notice(db, sam) is False


def test_an_all_clear_check_in_is_stored_but_opens_nothing(db, pair):
    sam, _, _ = pair
    service.take_check_in(db, sam, all_clear())
    assert service.latest_check_in(db, sam).urgency == "none"
    assert service.active_state(db, sam) is None


def test_hide_app_name_is_a_personal_setting(db, pair):
    sam, alex, _ = pair
    assert service.hide_app_name(db, sam) is False
    service.update_preferences(db, sam, hide_app_name=True)
    assert service.hide_app_name(db, sam) is True
    assert service.hide_app_name(db, alex) is False
    assert service.hide_app_name(db, None) is False


def test_standing_consent_is_copied_onto_new_states(db, pair):
    sam, _, _ = pair
    service.update_preferences(db, sam, therapist_alert_consent=True)
    service.take_check_in(db, sam, AFRAID)
    assert service.active_state(db, sam).therapist_alert_consented is True


def test_a_linked_therapist_is_alerted_only_as_consented_and_only_while_active(db, pair):
    sam, alex, couple = pair
    therapist = person(db, "Robin", Role.THERAPIST)
    db.add(Membership(couple_id=couple.id, person_id=therapist.id, role=Role.THERAPIST.value))
    service.take_check_in(db, sam, AFRAID)
    assert service.therapist_alerts(db, therapist) == []
    service.set_therapist_consent(db, sam, True)
    alerts = service.therapist_alerts(db, therapist)
    assert [a.person_id for a in alerts] == [sam.id]
    assert "fear" not in alerts[0].message and "partner cannot see" in alerts[0].message
    assert service.therapist_alerts(db, alex) == []  # a partner never gets one
    service.clear(db, sam)
    assert service.therapist_alerts(db, therapist) == []


def test_erasing_a_person_erases_their_safety_rows(db, pair):
    from sqlalchemy import select

    from between.people.erasure import erase_person
    from between.safety.models import CheckInRecord, SafetyStateRecord

    sam, _, _ = pair
    service.take_check_in(db, sam, AFRAID)
    service.save_plan(db, sam, {"warning_signs": "tight jaw"})
    service.update_preferences(db, sam, locale="GB")
    erase_person(db, sam)
    db.commit()
    assert db.scalars(select(SafetyStateRecord)).all() == []
    assert db.scalars(select(CheckInRecord)).all() == []
