"""The cue layer: each rule fires on its examples with the right span and reason, and stays quiet
on its near-misses (negation, figurative speech, neighbouring meanings)."""

from __future__ import annotations

import re

import pytest

from between.analysis.cues import CUE_FEATURE_NAMES, cue_features, cue_scores, find_cues, sentence_spans
from between.analysis.cues.lexicon import _expand, load_lexicon
from between.analysis.cues.text import looks_english
from between.analysis.taxonomy import RISK_KINDS
from tests.analysis.cue_checks import assert_fires, rules_hit

# (text, rule, the words it must point at, a fragment of the reason)
FIRES = [
    ("you never listen to me", "absolute_about_partner", "you never", "absolute about the partner"),
    ("U ALWAYS do this", "absolute_about_partner", "U ALWAYS", "absolute"),
    ("every single time you leave the door open", "absolute_about_partner", "every single time", "absolute"),
    ("dont u ever listen", "absolute_about_partner", "dont u ever", "absolute"),
    ("honestly youre so lazy", "character_label", "youre so lazy", "character"),
    ("you're such a selfish person", "character_label", "you're such a selfish", "character"),
    ("whats wrong with u", "character_label", "whats wrong with u", "character"),
    ("could you text me when you're running late?", "request", "could you text", "request"),
    ("it bothered me when you left early last night", "specific_grievance", "it bothered me when", "one event"),
    ("oh great, another late night", "sarcasm", "oh great", "sarcasm"),
    ("wow, shocker", "sarcasm", "wow, shocker", "sarcasm"),
    ("nice job, genius", "sarcasm", "nice job, genius", "sarcasm"),
    ("sure you were working late 🙄", "sarcasm", "🙄", "sarcasm"),
    ("ur such an idiot", "name_calling", "ur such an idiot", "name-calling"),
    ("you disgust me", "disgust", "you disgust me", "disgust"),
    ("boo hoo, poor you", "mockery", "boo hoo", "mockery"),
    ("that's not my fault", "not_my_fault", "that's not my fault", "responsibility"),
    ("I was only trying to help", "excuse", "I was only trying", "excuse"),
    ("well you never call either", "counter_attack", "well you", "counter-attack"),
    ("yes but you do it too", "counter_attack", "yes but", "counter-attack"),
    ("whatever.", "stonewalling", "whatever", "shuts the conversation down"),
    ("Fine.", "stonewalling", "Fine.", "shuts"),
    ("I'm done", "stonewalling", "I'm done", "shuts"),
    ("do what you want", "stonewalling", "do what you want", "shuts"),
    ("just leave me alone", "stonewalling", "leave me alone", "shuts"),
    ("I need 20 minutes, then let's talk", "healthy_timeout", "I need 20 minutes", "time-out with a way back"),
    ("I feel so alone lately", "feeling_under", "I feel so alone", "deeper feeling"),
    ("I'm scared that you'll leave", "need_voiced", "scared that", "attachment need"),
    ("I need to know I matter to you", "need_voiced", "I need to know", "attachment need"),
    ("I miss us", "longing", "I miss us", "longing"),
    ("I don't feel safe", "not_feeling_safe", "don't feel safe", "do not feel safe"),
    ("I feel like I don't matter to you", "need_to_matter", "feel like I don't matter", "to matter"),
    ("I'm not sure, maybe I'm wrong", "hedge", "maybe", "hedge"),
    ("it sounds like you felt really alone", "reflect", "it sounds like you", "reflects"),
    ("that makes sense", "validate", "that makes sense", "validates"),
    ("can you tell me more about it?", "explore", "can you tell me more", "asks"),
    ("I'm here. I'm not going anywhere", "reassure", "I'm not going anywhere", "reassures"),
    ("that must have been so hard", "emotional_reaction", "that must have been so hard", "moved"),
    ("you should just talk to your boss", "fixing", "you should", "advice"),
    ("have you tried meditating?", "fixing", "have you tried", "advice"),
    ("you're overreacting", "dismissive", "you're overreacting", "dismisses"),
    ("youre too sensitive", "dismissive", "youre too sensitive", "dismisses"),
    ("it's not a big deal", "dismissive", "it's not a big deal", "dismisses"),
    ("he choked me last night", "physical_violence", "he choked me", "violence"),
    ("she pushed me against the wall", "physical_violence", "pushed me against", "violence"),
    ("he said he'd kill me if I left", "threat_to_harm", "he said he'd kill", "threat"),
    ("if you leave, I'll make sure you regret it", "threat_to_harm", "if you leave, I'll", "threat"),
    ("I'm scared of my husband", "fear_of_partner", "I'm scared of my husband", "fear of the partner"),
    ("I walk on eggshells around him", "fear_of_partner_possible", "walk on eggshells", "fear of the partner"),
    ("he checks my phone every night", "coercive_control", "he checks my phone", "coercive control"),
    ("I'm not allowed to see my friends", "coercive_control", "I'm not allowed to", "coercive control"),
    ("he didn't stop when I said no", "sexual_coercion", "didn't stop when I said no", "sexual coercion"),
    ("she pressured me into sex", "sexual_coercion", "pressured me into sex", "sexual coercion"),
    ("i dont want to be here anymore", "self_harm", "dont want to be here anymore", "harming themselves"),
    ("sometimes I think about killing myself", "self_harm", "killing myself", "harming themselves"),
    ("they'd all be better off without me", "self_harm_burden", "better off without me", "better off without them"),
]

# (text, rule that must not fire) — negation, figurative speech and neighbouring meanings.
QUIET = [
    ("I'm not saying you never help", "absolute_about_partner"),
    ("it's not that you're lazy", "character_label"),
    ("I don't think you're selfish", "character_label"),
    ("you always make me laugh", "absolute_about_partner"),
    ("you never told me about the party", "absolute_about_partner"),
    ("you're a genius, thank you", "sarcasm"),
    ("I feel pathetic", "name_calling"),
    ("I'll have whatever you're having", "stonewalling"),
    ("I don't care what we eat", "stonewalling"),
    ("I feel like you're never home", "feeling_under"),
    ("I'm not scared", "fear_words"),
    ("I feel safe with you", "fear_words"),
    ("I could kill for a coffee", "threat_to_harm"),
    ("this deadline is killing me", "self_harm"),
    ("this deadline is killing me", "threat_to_harm"),
    ("my feet are killing me", "physical_violence"),
    ("I'm dying to see you", "self_harm"),
    ("I'm dead 😂", "self_harm"),
    ("I'm dead 😂", "threat_to_harm"),
    ("she'll murder me if I'm late lol", "threat_to_harm"),
    ("I'm going to kill you if you eat my fries 😂", "threat_to_harm"),
    ("he hit me up yesterday about the game", "physical_violence"),
    ("I want to die of embarrassment", "self_harm"),
    ("I'm scared you'll leave me", "fear_of_partner"),
    ("I'm afraid of spiders", "fear_of_partner"),
    ("I don't want to live in this city anymore", "self_harm"),
    ("I'm not saying he checks my phone", "coercive_control"),
]


@pytest.mark.parametrize(("text", "rule", "words", "reason"), FIRES)
def test_rule_fires_on_its_example_with_span_and_reason(text, rule, words, reason):
    assert_fires(text, rule, words, reason)


@pytest.mark.parametrize(("text", "rule"), QUIET)
def test_rule_stays_quiet_on_near_miss(text, rule):
    assert rule not in rules_hit(text)


def test_negated_cue_is_kept_only_as_suppressed():
    text = "I'm not saying you never help"
    suppressed = [c for c in find_cues(text, include_suppressed=True) if c.suppressed]
    assert {c.suppressed for c in suppressed} == {"negated"}
    assert all(not c.supports for c in suppressed)


@pytest.mark.parametrize("text", ["I want to kill myself", "she went and hit me", "at this point I want to end it all"])
def test_words_ending_in_nt_are_not_negators(text):
    # "want", "went", "point" end in "nt" like "don't" does; only n't with its apostrophe negates.
    cues = find_cues(text, include_suppressed=True)
    assert [c for c in cues if c.supports.keys() & {f"risk.{k}" for k in RISK_KINDS}]
    assert not [c for c in cues if c.suppressed == "negated"]


@pytest.mark.parametrize(("text", "matches"), [("'x", True), ("’x", True), ("ax", True), ("]x", False)])
def test_an_apostrophe_inside_a_character_class_stays_in_the_class(text, matches):
    # The loader makes every apostrophe optional and curly-tolerant; inside [a'] that rewrite
    # used to end the class early, so "[a']x" wanted a literal "]x".
    pattern = re.compile(_expand("[a']x", {}))
    assert bool(pattern.fullmatch(text)) is matches


def test_figurative_risk_word_is_marked_figurative():
    cues = find_cues("she'll murder me if I'm late lol", include_suppressed=True)
    assert [c.suppressed for c in cues if c.rule == "threat_to_harm"] == ["figurative"]


def test_same_words_without_the_laugh_are_a_threat():
    assert "threat_to_harm" in rules_hit("she said she'll murder me if I leave")


def test_not_feeling_safe_supports_fear_and_the_need_for_safety():
    (cue,) = rules_hit("honestly I don't feel safe")["not_feeling_safe"]
    assert cue.supports["deeper_feelings.fear"] > 0
    assert cue.supports["needs.safety"] > 0
    assert "I feel safe" not in [c.text for c in find_cues("I feel safe") if "deeper_feelings.fear" in c.supports]


def test_curly_apostrophes_and_control_characters_keep_offsets():
    text = "you\x00re so lazy and you’re so selfish"
    cues = find_cues(text)
    assert cues
    for cue in cues:
        assert text[cue.start : cue.end] == cue.text


def test_every_rule_has_a_reason_and_a_source():
    for rule in load_lexicon().rules:
        assert rule.reason and rule.source, rule.id
        assert rule.supports or rule.when_negated or rule.feature, rule.id


def test_cue_features_is_a_fixed_length_vector_in_documented_order():
    vector = cue_features("you never listen, you're so selfish")
    assert vector.shape == (len(CUE_FEATURE_NAMES),)
    names = dict(zip(CUE_FEATURE_NAMES, vector.tolist(), strict=True))
    assert names["register.criticism"] > 0
    assert names["marker.absolute"] == 1
    assert cue_features("the dentist moved to 3pm").shape == vector.shape
    assert cue_features("I'm not saying you never help")[CUE_FEATURE_NAMES.index("marker.negated")] >= 1


def test_sentence_spans_are_trimmed_and_index_the_text():
    text = "  I was late.  Sorry!\nCan we talk?  "
    assert [text[a:b] for a, b in sentence_spans(text)] == ["I was late.", "Sorry!", "Can we talk?"]


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("you never listen to me when I talk about my day", True),
        ("ok", True),
        ("🙄🙄", True),
        ("no sé por qué siempre haces esto conmigo", False),
        ("почему ты никогда меня не слушаешь", False),
        ("你从来不听我说话", False),
    ],
)
def test_cheap_language_check(text, english):
    assert looks_english(text) is english


def test_a_rule_counts_once_however_often_it_fires():
    once = cue_scores(find_cues("you should call her"))["quality.fixing"]
    twice = cue_scores(find_cues("you should call her. you should also text"))["quality.fixing"]
    assert twice == once
