"""Register cues, rule by rule: what each one is for (it fires on the phrase it was written for,
pointing at those words) and what it must leave alone (the near miss next door).

Contempt is the register the learned layer most often reads as neutral, so most rules here
are about it: sarcasm and mock praise, scare quotes, talking down, mocking the partner's
feelings, regret about the partner, a scoff. Affection in the same sentence ("love you", ❤️)
marks teasing, which is neutral. Then the neighbours: criticism (a verdict on the person) vs
complaint (one event and a request), defensiveness (excuse, counter-attack, innocent victim),
and withdrawal (shutting down) vs a healthy pause with a way back.
"""

from __future__ import annotations

import pytest

from between.analysis.cues import cue_scores, find_cues
from between.analysis.cues.lexicon import load_lexicon
from tests.analysis.cue_checks import assert_fires, rules_hit

# (text, rule, the words it must point at, a fragment of the reason)
FIRES = [
    # contempt — sarcasm, mock praise and mock deference
    ("cool story 🙃", "sarcasm", "🙃", "sarcasm"),
    ("sure, because you're so perfect", "mock_praise", "sure, because you're so", "means its opposite"),
    ("oh right cuz ur always on time", "mock_praise", "right cuz ur always", "mock praise"),
    ("that's adorable that you think that", "mock_praise", "that's adorable that you think", "mock praise"),
    ("congrats, you've managed to empty one bin", "mock_praise", "congrats, you've managed", "mock praise"),
    ("you loaded the dishwasher, want a gold star?", "mock_praise", "want a gold star", "mock praise"),
    ("whatever you say, boss.", "mock_praise", "whatever you say, boss", "mock praise"),
    ("must be exhausting being so important", "mock_praise", "must be exhausting being so", "mock praise"),
    ("color me surprised", "mock_praise", "color me surprised", "mock praise"),
    ("keep telling yourself that", "mock_praise", "keep telling yourself that", "mock praise"),
    # contempt — scare quotes around the partner's word or excuse
    ('ah yes, "busy" again', "mocking_quotes", '"busy"', "scare quotes"),
    ("lol “coworker” ok", "mocking_quotes", "“coworker”", "scare quotes"),
    ('you\'re "hurt." right.', "mocking_quotes", '"hurt."', "scare quotes"),
    # contempt — talking down
    ("what are you, five?", "condescension", "what are you, five", "talks down"),
    ("do I need to draw you a picture", "condescension", "do I need to draw you a picture", "talks down"),
    ("even the dog understood that", "condescension", "even the dog understood", "talks down"),
    ("did u think of that all by yourself?", "condescension", "did u think of that all by yourself", "talks down"),
    ("you think you're so clever", "condescension", "you think you're so clever", "talks down"),
    ("get over yourself", "condescension", "get over yourself", "talks down"),
    ("even my ex remembered my birthday", "condescension", "even my ex", "talks down"),
    # contempt — mocking feelings, regret about the partner, scoffing, insults, "typical you"
    ("aww is someone sulking", "mock_pity", "is someone sulking", "mocks the partner's feelings"),
    ("spare me the waterworks", "mock_pity", "spare me the waterworks", "feelings as childish"),
    ("lol you're actually crying", "mock_pity", "lol you're actually crying", "childish"),
    ("did I hurt your poor little feelings?", "mock_pity", "your poor little feelings", "childish"),
    ("run along, your friends are waiting", "mock_pity", "run along", "childish"),
    ("I can't believe I married you", "partner_regret", "I can't believe I married you", "regret"),
    ("what did I ever see in you", "partner_regret", "what did I ever see in you", "regret"),
    ("pfft. you? cook?", "scoff", "pfft", "scoff"),
    ("calm down, psycho.", "name_calling", "psycho", "name-calling"),
    ("you're embarrassing", "name_calling", "you're embarrassing", "name-calling"),
    ("typical you", "mockery", "typical you", "mockery"),
    # criticism — a verdict on the person, made global
    ("you're a terrible listener", "character_label", "you're a terrible listener", "character"),
    ("you're not a very thoughtful person", "character_label", "you're not a very thoughtful person", "character"),
    ("you're just like your father", "character_label", "you're just like your father", "character"),
    ("talking to you is like talking to a wall", "character_label", "talking to you is like", "character"),
    ("you treat me like a maid", "character_label", "you treat me like a maid", "character"),
    ("not to be mean, but you never finish anything", "character_label", "not to be mean, but", "character"),
    ("you don't respect my work at all", "character_label", "you don't respect my", "character"),
    ("you ruin everything", "absolute_about_partner", "you ruin everything", "absolute"),
    ("have you ever once finished a project?", "absolute_about_partner", "have you ever once", "absolute"),
    ("do you ever think about anyone else?", "absolute_about_partner", "do you ever think about anyone", "absolute"),
    ("you'll never change", "absolute_about_partner", "you'll never change", "absolute"),
    ("you can never admit you're wrong", "absolute_about_partner", "you can never", "absolute"),
    # complaint — one event, counted or dated, and a request
    ("the bin's been full for three days", "grievance_context", "for three days", "what went wrong"),
    ("you were on your phone the whole dinner", "grievance_context", "the whole dinner", "what went wrong"),
    ("could you hang the towels up after a shower?", "request", "could you hang", "request"),
    ("it would help a lot if you put the bike in the shed", "request", "it would help a lot if you", "request"),
    # defensiveness — refusing responsibility, excuses, counter-attack, minimising, victim
    ("don't put this on me", "not_my_fault", "don't put this on me", "responsibility"),
    ("i did nothing wrong", "not_my_fault", "i did nothing wrong", "responsibility"),
    ("i literally just got home", "excuse", "i literally just got home", "excuse"),
    ("am I supposed to read your mind?", "excuse", "am I supposed to read your mind", "excuse"),
    ("I'm just not a morning person", "excuse", "I'm just not a morning person", "excuse"),
    ("it's not like you're saving anything either", "counter_attack", "it's not like you", "counter-attack"),
    ("that's rich, coming from you", "counter_attack", "that's rich", "counter-attack"),
    ("well if you'd sent the list I'd have got it", "counter_attack", "well if you", "counter-attack"),
    ("why are you jumping on me?", "counter_attack", "why are you jumping on me", "counter-attack"),
    ("I wasn't ignoring you, I was driving", "denial", "I wasn't ignoring", "denies"),
    ("it was one time!", "denial", "it was one time", "denies"),
    ("you're reading way too much into it", "denial", "you're reading way too much into", "denies"),
    ("so now I'm the bad guy", "innocent_victim", "so now I'm the bad guy", "victim"),
    ("I can't do anything right with you", "innocent_victim", "I can't do anything right with you", "victim"),
    ("is caring a crime now?", "innocent_victim", "is caring a crime", "victim"),
    # withdrawal — shutting down, leaving, resignation
    ("this conversation is over", "stonewalling", "this conversation is over", "shuts"),
    ("I'm not engaging with this", "stonewalling", "I'm not engaging", "shuts"),
    ("i give up.", "stonewalling", "i give up", "shuts"),
    ("go away.", "stonewalling", "go away", "shuts"),
    ("count me out", "stonewalling", "count me out", "shuts"),
    ("uh huh. sure.", "stonewalling", "uh huh. sure.", "shuts"),
    ("*closes the laptop and leaves the room*", "stonewalling", "*closes the laptop and leaves", "shuts"),
    ("(no reply for two days)", "stonewalling", "(no reply", "shuts"),
    ("fine, you win. happy?", "resignation", "you win", "gives up"),
    ("it's not worth arguing about", "resignation", "it's not worth arguing", "gives up"),
    ("what's the point.", "resignation", "what's the point", "gives up"),
    ("up to you.", "resignation", "up to you", "gives up"),
    # a healthy pause: a need for room with a way back
    ("give me half an hour", "healthy_timeout", "give me half an hour", "time-out with a way back"),
    ("I'll be back in 20 and we'll finish this", "healthy_timeout", "I'll be back in", "way back"),
    ("I'm going for a walk and then let's try again", "healthy_timeout", "and then let's try again", "way back"),
    ("can we continue this after dinner?", "healthy_timeout", "can we continue this after", "way back"),
    ("let's talk about it in the morning", "healthy_timeout", "talk about it in the morning", "way back"),
]

# (text, rule that must not fire) — the near miss next door.
QUIET = [
    # affection marks teasing, not a sneer
    ("oh wow, genius ❤️", "sarcasm"),
    ("sure, because you're so good at it ❤️", "mock_praise"),
    ("I can't believe I married you 🥰 best decision ever", "partner_regret"),
    ("ok you win, pizza it is 😂", "resignation"),
    ("is someone sleepy? 🥰 come to bed", "mock_pity"),
    # sincere praise and plain logistics are not sarcasm (these used to fire)
    ("dinner was so nice", "sarcasm"),
    ("you're so smart", "sarcasm"),
    ("should I book the dentist for both of us?", "sarcasm"),
    ("should I call a plumber?", "sarcasm"),
    ("don't worry, I'm sure it'll be fine", "sarcasm"),
    ("oh yes, the blue one", "mock_praise"),
    ("congrats, you've earned it!", "mock_praise"),
    ("I'm so proud of you!", "mock_praise"),
    # quotes that are titles or plain reported speech
    ('we watched "Inside Out" last night', "mocking_quotes"),
    ('she texted "on my way" at six', "mocking_quotes"),
    ('you said "ok" and went upstairs', "mocking_quotes"),
    # neighbours of talking down
    ("it's not rocket science, you'll pick it up fast", "condescension"),
    ("even the dog knows it's dinner time", "condescension"),
    ("my ex could never make me laugh like you do", "condescension"),
    ("who do you think will win tonight?", "condescension"),
    ("your little sister called", "mock_pity"),
    ("I feel pathetic", "name_calling"),
    ("thanks, sweetheart.", "name_calling"),
    # criticism vs neutral and vulnerable
    ("you treat me like a queen", "character_label"),
    ("I'm not saying you're not a good person", "character_label"),
    ("you're a genius, the shelf looks perfect", "character_label"),
    ("you make everything better", "absolute_about_partner"),
    ("you can never be too careful", "absolute_about_partner"),
    ("have you ever been to Lisbon?", "absolute_about_partner"),
    # defensiveness vs neutral, and the victim stance vs a voiced feeling
    ("It's not like you to be late, everything ok?", "counter_attack"),
    ("you do so much for us too", "counter_attack"),
    ("what do you want for your birthday?", "excuse"),
    ("I feel like I can't do anything right lately", "innocent_victim"),
    ("is it a crime to want pizza twice in a week lol", "innocent_victim"),
    # withdrawal vs a warm choice, an everyday remark, or a pause with a return
    ("whatever you fancy is good with me 😊", "stonewalling"),
    ("honestly both sound good, up to you!", "resignation"),
    ("I give up on this crossword", "stonewalling"),
    ("the pain won't go away", "stonewalling"),
    ("I'm not talking about you, I mean my boss", "stonewalling"),
    ("*leaves a note on the fridge*", "stonewalling"),
    ("what's the point of the meeting tomorrow?", "resignation"),
    ("let's try again later", "grievance_context"),
]


def register_scores(text: str) -> dict[str, float]:
    return {k.split(".", 1)[1]: v for k, v in cue_scores(find_cues(text)).items() if k.startswith("register.")}


@pytest.mark.parametrize(("text", "rule", "words", "reason"), FIRES)
def test_register_rule_fires_on_its_phrase(text, rule, words, reason):
    cue = assert_fires(text, rule, words, reason)
    assert any(label.startswith("register.") for label in cue.supports)


@pytest.mark.parametrize(("text", "rule"), QUIET)
def test_register_rule_stays_quiet_on_near_miss(text, rule):
    assert rule not in rules_hit(text)


@pytest.mark.parametrize(
    ("text", "register"),
    [
        ("oh great, wow, genius", "contempt"),
        ("sure, because you're so perfect", "contempt"),
        ('another "work dinner"? 🙃', "contempt"),
        ("what are you, five?", "contempt"),
        ("you make me sick", "contempt"),
        ("you're a terrible listener", "criticism"),
        ("the bin's been full for three days, could you empty it tonight?", "complaint"),
        ("it's not my fault", "defensiveness"),
        ("I'm done talking", "withdrawal"),
        ("I need 20 minutes, then let's talk", "neutral"),
    ],
)
def test_the_cues_alone_point_to_the_register(text, register):
    # With the learned layer off, the cues' strongest register is the one the phrase is about
    # (the engine starts neutral at +1, so a lone cue must also beat that).
    scores = register_scores(text)
    top = max(scores, key=scores.get) if scores else "neutral"
    assert top == register
    if register != "neutral":
        assert scores[register] > 1.0


def test_a_pause_with_a_return_outweighs_the_shutdown_words_in_it():
    scores = register_scores("I'm done for now. give me half an hour and I'll come back")
    assert scores.get("withdrawal", 0.0) < 0 < scores.get("neutral", 0.0)


def test_affection_switches_sarcasm_off_but_keeps_it_visible():
    cues = find_cues("oh great, genius ❤️", include_suppressed=True)
    sarcasm = [c for c in cues if c.rule == "sarcasm"]
    assert sarcasm and all(c.suppressed == "figurative" and not c.supports for c in sarcasm)


def test_register_cue_weights_stay_modest():
    # Cue weights are log-odds added to the learned layer's: big enough to tip an unsure model,
    # small enough that a confident one keeps its reading (see engine.py).
    for rule in load_lexicon().rules:
        for label, weight in rule.supports.items():
            if label.startswith("register."):
                assert abs(weight) <= 3.0, (rule.id, label, weight)
