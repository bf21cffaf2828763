"""The safety check for what a person writes: one function every writing surface calls.

Wherever a person's own text is read (the reach and reply coaches, practice alone, the
slow-down flow, a moment and its live suggestions, a conversation turn, the CLI), the surface
first asks `check_writing`. When the risk reading flags the text, the surface shows the writer
the crisis card *in place of* any coaching of that text: no register, no rewrite, no "send it".

The card is for the writer alone. Nothing here changes what the partner sees: the only lasting
trace is the writer's own safety state (screen_text), and through it the one neutral joint pause.
The risk reading is used as an interface ({flag, kinds, score}); its fields are read defensively,
so a detector that adds or renames fields does not break the surfaces.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from between.analysis.taxonomy import RISK_KINDS
from between.safety.resources import Service, resources_for

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from between.analysis.engine import MessageAnalysis
    from between.people.models import Person

SAFETY_PLAN_HREF = "/safety/plan"
SUPPORT_HREF = "/safety"
CARD_TITLE = "Before anything else: you matter"
CARD_PRIVATE = "This is only for you. Your partner cannot see it, or that it appeared."
CARD_INSTEAD = ("What you wrote sounds like you may be in danger or in great pain, so we are not "
                "going to coach these words. Here are people who can help, right now.")
WAY_BACK = "When you are ready, your words are still here. Nothing was sent."


@dataclass(frozen=True)
class CrisisCard:
    """What the writer sees in place of coaching: local services to call, the plan, a way back."""

    place: str
    services: tuple[Service, ...]
    emergency: Service | None
    title: str = CARD_TITLE
    private: str = CARD_PRIVATE
    instead: str = CARD_INSTEAD
    way_back: str = WAY_BACK
    safety_plan: str = SAFETY_PLAN_HREF
    support: str = SUPPORT_HREF

    @property
    def others(self) -> tuple[Service, ...]:
        return tuple(s for s in self.services if s is not self.emergency)

    def lines(self) -> list[str]:
        """The card as plain lines (JSON and the CLI): the same words as the page."""
        out = [self.title, self.private, self.instead]
        if self.emergency is not None and self.emergency.phone:
            out.append(f"If you are in danger now, call {self.emergency.phone} "
                       f"({self.emergency.name}).")
        for service in self.others:
            out.append(f"{service.name}: {_reach(service)} ({service.hours}).")
        out.append(f"Your safety plan: {self.safety_plan}")
        out.append(f"Support just for you: {self.support}")
        out.append(self.way_back)
        return out

    def view(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "place": self.place,
            "lines": self.lines(),
            "services": [_service_view(s) for s in self.services],
            "safety_plan": self.safety_plan,
            "support": self.support,
            "way_back": self.way_back,
        }


@dataclass(frozen=True)
class WriterCheck:
    """The check of one text for its writer. `flag`: show the card, no coaching."""

    flag: bool
    kinds: tuple[str, ...] = ()
    card: CrisisCard | None = None
    # True when the card stands in place of coaching a text; False at the top of a safety page.
    instead_of_coaching: bool = True
    # The analysis the screening made of the whole text, for the caller's coaching to reuse
    # (never shown; None when there is none to reuse).
    analysis: MessageAnalysis | None = field(default=None, repr=False, compare=False)

    def view(self) -> dict[str, Any]:
        """The `safety` object of a JSON answer, for the writer only."""
        return {"flag": self.flag, "kinds": list(self.kinds),
                "lines": self.card.lines() if self.card else [],
                "card": self.card.view() if self.card else None}


NOT_FLAGGED = WriterCheck(flag=False)


PAGE_TITLE = "Help, right now"
PAGE_INSTEAD = ("If you are in danger, or thinking about ending your life, you do not have to "
                "wait or be sure: these people are there for you, day and night.")
PAGE_WAY_BACK = "Everything else on this page is below, whenever you want it."


def crisis_card(locale: str | None, kinds: Iterable[str] = (), *,
                on_page: bool = False) -> CrisisCard:
    """The card for a place: its emergency number first, then the lines that fit the kinds.
    `on_page`: the wording for the top of a safety page, rather than in place of coaching."""
    local = resources_for(locale)
    known = tuple(k for k in kinds if k in RISK_KINDS)
    services = local.for_kinds(known)
    emergency = next((s for s in services if "emergency" in s.helps_with and s.phone), None)
    if on_page:
        return CrisisCard(place=local.name, services=services, emergency=emergency,
                          title=PAGE_TITLE, instead=PAGE_INSTEAD, way_back=PAGE_WAY_BACK)
    return CrisisCard(place=local.name, services=services, emergency=emergency)


def page_card(locale: str | None, kinds: Iterable[str] = ()) -> WriterCheck:
    """The card at the top of a safety page (/safety, a check-in result with a concern), in the
    shape the pages show a flagged text's card: the person's own page, for them alone."""
    kinds = tuple(kinds)
    return WriterCheck(True, kinds, crisis_card(locale, kinds, on_page=True),
                       instead_of_coaching=False)


def check_writing(db: Session | None, person: Person | None, texts: str | Iterable[str | None],
                  *, source: str, analysis: MessageAnalysis | None = None,
                  locale: str | None = None) -> WriterCheck:
    """Screen what `person` wrote (one text, or several fields read as one) and say whether
    the surface must show the crisis card instead of coaching.

    With a person, the screening is stored as always (screen_text: the writer's private state,
    or an offer of support); without one (the CLI with no account) the text is only read.
    `analysis`, when given, is the SCREENING_LAYERS analysis of this very text.
    """
    from between.safety import service

    text = _joined(texts)
    if not text.strip():
        return NOT_FLAGGED
    if db is not None and person is not None:
        risk, whole = service.screen_with_risk(db, person, text, source=source, analysis=analysis)
        locale = locale or service.preferences(db, person).locale
    else:
        risk, whole = service.read_risk(text, analysis)
    return _decide(risk, whole, locale)


def read_writing(db: Session | None, person: Person | None, texts: str | Iterable[str | None],
                 *, locale: str | None = None) -> WriterCheck:
    """The same check without storing anything: for showing again what was written before
    (a moment's own page), where the text was screened when it was written."""
    from between.safety import service

    text = _joined(texts)
    if not text.strip():
        return NOT_FLAGGED
    if db is not None and person is not None:
        locale = locale or service.preferences(db, person).locale
    risk, whole = service.read_risk(text)
    return _decide(risk, whole, locale)


def _decide(risk: Any, whole: MessageAnalysis | None, locale: str | None) -> WriterCheck:
    flag, kinds = flagged(risk)
    if not flag:
        return WriterCheck(flag=False, analysis=whole)
    return WriterCheck(True, kinds, crisis_card(locale, kinds), whole)


def flagged(risk: Any) -> tuple[bool, tuple[str, ...]]:
    """(flag, kinds) from a risk reading, read defensively: a mapping or an object; a flag
    without kinds, or kinds without the flag, both count (safety first); unknown kinds are
    kept out of the card's choice of services but never unflag the text."""
    if risk is None:
        return False, ()
    get = risk.get if isinstance(risk, Mapping) else (lambda name: getattr(risk, name, None))
    raw = get("kinds") or ()
    kinds = tuple(k for k in RISK_KINDS if k in set(raw if not isinstance(raw, str) else [raw]))
    return bool(get("flag")) or bool(raw), kinds


def _joined(texts: str | Iterable[str | None]) -> str:
    if isinstance(texts, str):
        return texts
    return "\n".join(t for t in texts if isinstance(t, str) and t.strip())


def _reach(service: Service) -> str:
    ways = []
    if service.phone:
        ways.append(f"call {service.phone}")
    if service.text:
        ways.append(f"text {service.text}" if service.text[:1].isdigit() else service.text)
    if service.url:
        ways.append(service.url.removeprefix("https://"))
    return ", ".join(ways)


def _service_view(service: Service) -> dict[str, Any]:
    return {"name": service.name, "phone": service.phone,
            "tel": f"tel:{tel(service.phone)}" if service.phone else None,
            "text": service.text, "url": service.url, "hours": service.hours,
            "note": service.note, "emergency": "emergency" in service.helps_with}


def tel(phone: str) -> str:
    """A phone number as a tel: link target: digits and a leading +."""
    return "".join(ch for ch in phone if ch.isdigit() or ch == "+")
