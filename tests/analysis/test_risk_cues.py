"""Risk cues by warning-sign category: each flags its signs and keeps quiet on the near misses.

A strong risk cue opens a private safety state on its own, so both lists matter: the first is
what must never slip through, the second what must never pause a couple's joint exercises.
"""

from __future__ import annotations

import pytest

from between.analysis.cues import find_cues
from between.analysis.engine import strong_risk_kinds

FLAGGED = [
    # C-SSRS ladder: wish to be dead, thoughts, method, plan, preparation; self-injury
    ("honestly i hope i don't wake up tomorrow", "self_harm"),
    ("i'd rather be dead than keep feeling like this", "self_harm"),
    ("dont wanna be here anymore", "self_harm"),
    ("being dead would honestly be a relief", "self_harm"),
    ("the kids would have a better life if i wasnt in it", "self_harm"),
    ("you won't have to worry about me much longer", "self_harm"),
    ("i've been saving up my sleeping pills", "self_harm"),
    ("looked up how many tablets it would take", "self_harm"),
    ("wrote letters to each of the kids and put them with the will", "self_harm"),
    ("relapsed last night, cutting again", "self_harm"),
    ("my husband keeps saying he wants to die", "self_harm"),
    ("lowkey wanna unalive myself", "self_harm"),
    # violence, threats, coercion, control, fear
    ("he held a pillow over my face", "violence"),
    ("I wear long sleeves so nobody sees the bruises", "violence"),
    ("if i can't have you nobody can, he said", "threat"),
    ("she has my nudes and says she'll post them if i leave", "threat"),
    ("I said stop and he didn't stop", "sexual_coercion"),
    ("he took the condom off without telling me", "sexual_coercion"),
    ("I have to send him a selfie every hour to prove where I am", "coercive_control"),
    ("he keeps my passport and the car keys so i can't leave", "coercive_control"),
    ("i keep a bag packed by the door in case i need to run from him", "fear_of_partner"),
]

NOT_FLAGGED = [
    "I could kill for a coffee",
    "this deadline is killing me",
    "I'm dying to see you",
    "I'd rather die than go camping again",
    "the party will be better without me, I'm so tired, have fun!",
    "I hope I don't wake up before ten, I'm so behind on sleep",
    "this is goodbye for now, see you in June!",
    "don't come looking for me, i'm in the bath with a book",
    "bought rope for the tyre swing",
    "I burned my arm on the oven again",
    "she dragged me out of bed for the sunrise hike",
    "he grabbed my arm to stop me stepping into traffic",
    "we both share our locations, we agreed it when I started night shifts",
    "I'm writing thank-you letters to everyone who came to the wedding",
    "that series handles the suicide storyline really carefully",
    "I want to not exist at work today, can I just be invisible",
    "tying up loose ends at work before my leave starts",
]


@pytest.mark.parametrize(("text", "kind"), FLAGGED)
def test_warning_sign_flags_its_kind(text, kind):
    assert kind in strong_risk_kinds(find_cues(text))


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_near_miss_is_not_flagged(text):
    assert strong_risk_kinds(find_cues(text)) == set()
