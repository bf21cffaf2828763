"""Every page's words, rendered from its template: names, pronouns, plurals and empty states.

Table-driven: each row renders one template with one situation and lists what the page must
say and must never say. The templates are rendered directly (no database), so a row is cheap.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from between.assessments.instruments import instruments
from between.coach.data import read
from between.web.cycle import missing_note
from between.web.navigation import menu_for
from between.web.render import templates

NOW = datetime(2026, 3, 1, 21, 30, tzinfo=UTC)


def person(name: str = "Maya", zone: str = "UTC", role: str = "partner"):
    return SimpleNamespace(id="maya", display_name=name, email="maya@example.org", role=role,
                           time_zone=zone)


def render(template: str, **context) -> str:
    viewer = context.setdefault("person", person())
    context.setdefault("menu", menu_for(viewer))
    for key, value in (("csrf_token", "t"), ("form", {}), ("error", None), ("labels", {}),
                       ("hide_name", False), ("safety_notice", False)):
        context.setdefault(key, value)
    return templates.env.get_template(template).render(**context)


def home(**extra):
    context = {"couple": None, "partners": [], "partner": None, "moment_count": 0, "reminders": [],
               "steps": [], "left": False}
    return {**context, **extra}


def side(name: str, moments: int):
    return {"name": name, "position": "pursue" if moments else "unknown", "confidence": 0.5,
            "main_move": None, "moment_ids": ["m"] * moments, "surface_reactions": [],
            "deeper_feelings": [], "needs": []}


def cycle(moments: int = 1, spots: int = 0, missing=("jordan",)):
    return {"cycle": {"sentence": "The more…", "pattern": "unknown", "reason": "Not enough moments yet",
                      "description": "A loop.", "missing": list(missing),
                      "positions": {"maya": side("Maya", moments), "jordan": side("Jordan", 0)},
                      "raw_spots": [{"title": "the phone", "count": spots}] if spots else []},
            "names": {"maya": "Maya", "jordan": "Jordan"}, "has_timeline": False, "timeline_summary": "",
            "missing_note": missing_note(list(missing), {"maya": "Maya", "jordan": "Jordan"}, "maya")}


def live(positive: int):
    texts = read("conversation.yaml")
    return {"v": {"status": "finished", "turns": [], "round": 2, "id": "c", "paused_notice": None},
            "positive": positive, "texts": texts, "names": {}, "title": "", "other": {}, "label": None,
            "version": "v"}


def finished(instrument: str, scores: dict, bands: dict | None = None):
    bands = bands or {}
    return {"finished": {"instrument": instrument, "scores": scores, "change": {},
                         "interpretation": {s: {"band": bands.get(s), "text": ""} for s in scores}},
            "instruments": [], "titles": {}, "history": [], "names": {}, "reminders": [],
            "saved_draft": None, "visibilities": [],
            "subscales": {i.id: {s.id: s.title for s in i.subscales} for i in instruments().values()}}


ROWS = [
    # (what, template, context, must say, must never say)
    ("no moments yet", "people/home.html", home(), ["None yet."], ["0 you can see"]),
    ("one moment", "people/home.html", home(moment_count=1), ["1 you can see."], ["1 moments"]),
    ("two moments", "people/home.html", home(moment_count=2), ["2 you can see."], []),
    ("a partner", "people/home.html",
     home(couple=object(), partner=SimpleNamespace(display_name="Jordan")), ["You and Jordan share"], []),
    ("waiting for a partner", "people/home.html", home(couple=object()), ["hasn't joined yet"],
     ["has left"]),
    ("a partner who left", "people/home.html", home(left=True), ["your couple space has ended"],
     ["hasn't joined"]),
    ("a name with markup", "people/home.html", home() | {"person": person("<b>Mo</b>")},
     ["Hello, &lt;b&gt;Mo&lt;/b&gt;"], ["<b>Mo</b>"]),
    ("one moment on the cycle", "cycle/cycle.html", cycle(moments=1), ["from 1 moment<"], ["1 moments"]),
    ("three moments on the cycle", "cycle/cycle.html", cycle(moments=3), ["from 3 moments"], []),
    ("the partner's side missing", "cycle/cycle.html", cycle(), ["Jordan&#39;s side isn&#39;t here yet"],
     ["MayaJordan", "JordanMaya"]),
    ("both sides missing", "cycle/cycle.html", cycle(moments=0, missing=("maya", "jordan")),
     ["Neither side is here yet"], ["MayaJordan", "JordanMaya"]),
    ("a raw spot twice", "cycle/cycle.html", cycle(spots=2), ["twice"], ["2 times"]),
    ("a reach met once", "coach/_live.html", live(1), ["once in this conversation"], ["1 time"]),
    ("a reach met three times", "coach/_live.html", live(3), ["3 times in this conversation"], []),
    ("ECR-S names its two scores", "assessments/index.html", finished("ecr_s", {"anxiety": 4.67, "avoidance": 3.5}),
     ["Attachment anxiety: <strong>4.67", "Attachment avoidance: <strong>3.50"], []),
    ("a CSI-4 of 0 offers support", "assessments/index.html",
     finished("csi4", {"total": 0}, {"total": "below_cutoff"}), ["you don't have to carry it alone",
                                                                 'href="/safety"'], ["notable"]),
    ("a CSI-4 above the cut-off", "assessments/index.html",
     finished("csi4", {"total": 18}, {"total": "at_or_above_cutoff"}), [], ["carry it alone"]),
    ("a moment's time on the reader's clock", "moments/list.html",
     {"moments": [{"id": "m", "occurred_at": NOW, "owner_id": "maya", "visibility": "private",
                   "happened": "x"}], "names": {}, "person": person(zone="Pacific/Auckland")},
     ["2 Mar 2026"], ["1 Mar 2026"]),
    ("no moments listed", "moments/list.html", {"moments": [], "names": {}}, ["No moments yet."], []),
]


@pytest.mark.parametrize(("template", "context", "says", "never"), [r[1:] for r in ROWS],
                         ids=[r[0] for r in ROWS])
def test_each_template_reads_right(template, context, says, never):
    page = render(template, **context)
    for words in says:
        assert words in page, words
    for words in never:
        assert words not in page, words


def test_the_menu_of_a_therapist_is_their_own():
    therapist = person(role="therapist")
    page = render("people/home.html", **home(), person=therapist)
    assert 'href="/moments"' not in page[page.index('aria-label="Main"'):page.index("</nav>")]


def test_summaries_count_in_words_and_agree_with_the_figures():
    from between.reports.charts import IntensityPoint, WeekMetrics, interaction_summary, timeline_summary

    weeks = [WeekMetrics(date(2026, 1, 5), 4, 0), WeekMetrics(date(2026, 1, 12), 0, 0),
             WeekMetrics(date(2026, 1, 19), 4, 0), WeekMetrics(date(2026, 1, 26), 0, 0)]
    text = interaction_summary(weeks)
    assert "2.0 a week on average" in text and "went from 4 to 4" not in text
    assert interaction_summary(weeks[:1]) == "Over 1 week, 4 moments."
    assert "Sam: 1 moment," in timeline_summary({"Sam": [IntensityPoint(date(2026, 1, 5), 5, True)]})


def test_a_box_quotes_a_need_said_as_i():
    from between.cycle.wording import own_words

    assert own_words("to feel I'm enough") == "\u201cto feel I'm enough\u201d"
    assert own_words("to be held") == "to be held"
