"""Whose risk: the writer's own risk flags; someone else's does not; a close person's asks for an
offer; and the cue families real help-seeking posts showed missing (docs/safety.md)."""

from __future__ import annotations

import pytest

from between.analysis import analyze_message
from between.analysis.cues import find_cues
from between.analysis.cues.text import fold
from between.analysis.cues.whose import attribute
from between.safety.gate import assess_text


def _risk(text: str):
    return analyze_message(text, layers="cues").risk


NOT_THE_WRITERS = [
    "My best friend committed suicide last year and I still miss him.",
    "She came home from a suicide in the family, and I gave her a long hug.",
    "My aunt found her fiance after he killed himself.",
    "My landlord won't let me have a dog.",
    "My parents have strict rules and I'm not allowed to go out after 9.",
    "My mom won't let me see my friends until my grades improve.",
    "He threatened to leave me if I didn't stop drinking.",
    "She keeps threatening to leave and take the dog.",
    "My wife gives me the silent treatment for days.",
    "Her new boyfriend is threatening to kill her.",
    "She kicked me out of the house.",
    "I cut myself off from all my friends.",
    "My sister was in an abusive relationship for years.",
    "She was diagnosed with PTSD after an abusive relationship.",
]


@pytest.mark.parametrize("text", NOT_THE_WRITERS)
def test_someone_elses_risk_does_not_flag_the_writer(text: str) -> None:
    assert not _risk(text).flag, text


@pytest.mark.parametrize("text", [
    "My friend is threatening to kill himself and I don't know what to do.",
    "My brother says he wants to die and won't answer his phone.",
])
def test_someone_close_at_risk_now_asks_for_an_offer_not_a_flag(text: str) -> None:
    risk = _risk(text)
    assert not risk.flag and risk.offer
    decision = assess_text(risk)
    assert not decision.open_state and decision.offer_support


@pytest.mark.parametrize("text", [
    "My husband is suicidal and I'm scared for him.",
    "my boyfriend burns himself when he gets stressed, he thinks I don't know",
])
def test_a_partners_current_self_harm_flags_and_asks_for_an_offer(text: str) -> None:
    risk = _risk(text)
    assert risk.flag and "self_harm" in risk.kinds and risk.offer


def test_a_suicide_that_happened_asks_for_no_offer() -> None:
    risk = _risk("My uncle committed suicide when I was twelve.")
    assert not risk.flag and not risk.offer


@pytest.mark.parametrize("layers", ["cues", "both"])
@pytest.mark.parametrize("text", [
    "My dad hit me when I was little.",  # the attachment story asks for exactly these memories
    "When I was a kid my stepfather hit me with a belt.",
    "Growing up, my mother slapped me whenever I cried.",
])
def test_harm_in_the_writers_childhood_asks_for_an_offer_not_a_flag(text: str, layers: str) -> None:
    risk = analyze_message(text, layers=layers).risk
    assert not risk.flag and risk.offer, text
    decision = assess_text(risk)
    assert not decision.open_state and decision.offer_support


@pytest.mark.parametrize("text", [
    "My boyfriend hit me when I was 19.",  # a partner, then: the writer's own risk history
    "When I was a kid my dad hit me, and now my husband hits me too.",
    "He hit me when I was pregnant.",
])
def test_a_partners_violence_in_the_past_still_flags(text: str) -> None:
    assert analyze_message(text).risk.flag, text


@pytest.mark.parametrize("text", [
    "he says he'll kill himself if I leave him",  # leverage: control over the writer
    "I've been suicidal since my friend died.",
    "I want to kill myself.",
])
def test_the_writers_own_risk_still_flags(text: str) -> None:
    assert _risk(text).flag, text


FAMILIES = {
    "violence": ["My ex was physically abusive.", "My ex-husband was physically abusive and I still flinch.",
                 "I'm a survivor of domestic violence."],
    "coercive_control": ["I left my abusive ex two years ago.", "My ex keeps harassing me and showing up at my work.",
                         "My ex is stalking me.", "I had to get a restraining order against him."],
    "self_harm": ["I don't care if I live or die anymore.", "The world would be better off without me.",
                  "Honestly my life isn't worth living.", "I keep biting myself until I bleed.",
                  "I scratch myself when I get anxious.", "I hit myself in the head when I mess up.",
                  "I bite my arms when I'm upset.", "I bashed my head into a brick wall until it bled."],
    "threat": ["Ill fucking kill u", "I'll kill you if you touch her again.", "I'm gonna hurt you so bad.",
               "I'll make you regret this, watch."],
}


@pytest.mark.parametrize(("kind", "text"), [(k, t) for k, texts in FAMILIES.items() for t in texts])
def test_the_new_cue_families_flag_their_kind(kind: str, text: str) -> None:
    risk = _risk(text)
    assert risk.flag and kind in risk.kinds, (text, risk)


@pytest.mark.parametrize("text", [
    "I'll kill you at fortnite tonight lol",
    "I bit my tongue when he said that.",
    "I could kick myself for forgetting.",
    "I was stalking her instagram again, I know, I know.",
])
def test_the_new_families_keep_their_exceptions(text: str) -> None:
    assert not _risk(text).flag, text


def test_attribution_reads_the_nearest_person_named_before_the_cue() -> None:
    text = "My best friend committed suicide and I have been suicidal since."
    folded = fold(text)
    first, second = [c for c in find_cues(text) if c.weight_for("risk.self_harm") > 0][:2]
    assert attribute(folded, first.start, first.end, "self_harm", short=True).whose == "other"
    assert attribute(folded, first.start, first.end, "self_harm", short=True).completed
    assert attribute(folded, second.start, second.end, "self_harm", short=True).whose == "writer"


def test_risk_keeps_its_fields_and_adds_offer() -> None:
    assert set(_risk("Dinner at 7?").model_dump()) == {"flag", "kinds", "score", "offer"}


@pytest.mark.parametrize("text", [
    "he rings my work 20 times a day until my boss got fed up with me",
    "he keeps turning up at my work and ringing my manager to check I'm really there",
    "i kept going even though he said stop, i thought he was teasing",
    "I'm afraid of you.",
    "I can't kill myself but I can't do this either.",
    "I find peace in the thought of not existing.",
    "Does suspension hanging hurt?",
    "My ex raped me and nobody believed me.",
    "I got arrested for domestic violence last month.",
])
def test_a_couples_message_and_the_families_from_real_posts_flag(text: str) -> None:
    assert _risk(text).flag, text


@pytest.mark.parametrize("text", [
    "No one showed up, but like the good workers we were, we kept going.",
    "I am scared of my girlfriend going out this summer and having fun without me.",
    "The kids at school picked at me and isolated me anyways.",
])
def test_real_posts_false_readings_stay_off(text: str) -> None:
    assert not _risk(text + " " + "We talked about it for a long time and I still think about it. " * 6).flag
