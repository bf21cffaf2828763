"""The softening conversation in storage: start, read, take turns, pause, resume, finish, stop.

Only the couple's two current partners may see a conversation; anyone else gets 404, the same
answer as for an id that does not exist. While a safety state is active for either partner, the
joint conversation pauses with the one neutral wording both partners see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from between.analysis.engine import MessageAnalysis
from between.coach import conversation as machine
from between.coach.analysis import read_message, read_reply
from between.coach.conversation import State, Status, Step
from between.coach.models import Conversation, Draft, Turn
from between.coach.reply import ReplyCoaching, coach_reply
from between.errors import BetweenError, FieldProblem, bad_input, conflict, not_found
from between.people.couples import active_membership, partners, require_current_couple
from between.people.models import Person
from between.privacy.audit import audit
from between.privacy.policy import select_readable
from between.privacy.visibility import Visibility

ACTIONS = machine.ACTIONS_BY_NAME


def _writer():
    from between.safety import writer

    return writer


def _safety():
    # Imported when used: the safety domain pulls in the analysis engine.
    from between.safety import service

    return service


# --- reading -----------------------------------------------------------------------------


def read_conversation(db: Session, viewer: Person, conversation_id: str) -> Conversation:
    """The conversation if `viewer` is one of its couple's current partners, else 404."""
    conversation = db.get(Conversation, conversation_id)
    membership = active_membership(db, viewer.id)
    if conversation is None or membership is None or membership.couple_id != conversation.couple_id:
        raise not_found()
    if viewer.id not in (conversation.speaker_id, conversation.listener_id):
        raise not_found()
    return conversation


def open_conversation(db: Session, viewer: Person) -> Conversation | None:
    """The couple's conversation that is still going (active or paused), if any."""
    membership = active_membership(db, viewer.id)
    if membership is None:
        return None
    return db.scalar(select(Conversation).where(
        Conversation.couple_id == membership.couple_id,
        Conversation.status.in_([s.value for s in machine.OPEN])).limit(1))


def list_conversations(db: Session, viewer: Person) -> list[Conversation]:
    membership = active_membership(db, viewer.id)
    if membership is None:
        return []
    return list(db.scalars(select(Conversation).where(
        Conversation.couple_id == membership.couple_id,
        (Conversation.speaker_id == viewer.id) | (Conversation.listener_id == viewer.id))
        .order_by(Conversation.created_at.desc(), Conversation.id)))


def turns_of(db: Session, conversation: Conversation) -> list[Turn]:
    return list(db.scalars(select(Turn).where(Turn.conversation_id == conversation.id)
                           .order_by(Turn.created_at, Turn.id)))


def readable_turns(db: Session, conversation: Conversation, viewer: Person) -> list[Turn]:
    """The turns `viewer` may read: all while both are partners; after one leaves, their own."""
    return list(db.scalars(select_readable(Turn, viewer.id)
                           .where(Turn.conversation_id == conversation.id)
                           .order_by(Turn.created_at, Turn.id)))


def state_of(conversation: Conversation) -> State:
    return State(speaker_id=conversation.speaker_id, listener_id=conversation.listener_id,
                 step=Step(conversation.step), round=conversation.round,
                 status=Status(conversation.status), closed_by=tuple(conversation.closed_by or ()))


def draft_of(db: Session, conversation: Conversation, viewer: Person) -> str:
    draft = _draft(db, conversation, viewer)
    return draft.text if draft else ""


def conversation_view(db: Session, conversation: Conversation, viewer: Person) -> dict[str, Any]:
    """What either partner sees: the same for both, plus the viewer's own draft."""
    state = state_of(conversation)
    return {
        "id": conversation.id,
        "status": conversation.status,
        "step": conversation.step,
        "round": conversation.round,
        "speaker_id": conversation.speaker_id,
        "listener_id": conversation.listener_id,
        "your_turn": viewer.id in machine.whose_turn(state),
        "closed_by": list(conversation.closed_by or ()),
        "draft": draft_of(db, conversation, viewer),
        "paused_notice": _safety().joint_pause_notice(db, conversation.couple_id),
        "turns": [turn_view(t) for t in readable_turns(db, conversation, viewer)],
        "created_at": conversation.created_at,
        "updated_at": conversation.updated_at,
    }


def turn_view(turn: Turn) -> dict[str, Any]:
    return {"id": turn.id, "author_id": turn.owner_id, "step": turn.step, "round": turn.round,
            "text": turn.text, "confirmed": turn.confirmed, "analysis": without_risk(turn.analysis),
            "created_at": turn.created_at}


def without_risk(analysis: dict[str, Any] | None) -> dict[str, Any] | None:
    """A turn's analysis as both partners may read it: the detector's risk reading (even an
    unflagged score) and its evidence stay private to the writer's safety state."""
    if analysis is None:
        return None
    shared = {key: value for key, value in analysis.items() if key != "risk"}
    if "evidence" in shared:
        shared["evidence"] = [e for e in shared["evidence"] if e.get("field") != "risk"]
    return shared


# --- changing ----------------------------------------------------------------------------


def start_conversation(db: Session, person: Person, speaker_id: str | None = None) -> Conversation:
    couple = require_current_couple(db, person)
    ids = [p.id for p in partners(db, couple.id)]
    if len(ids) < 2:
        raise conflict("A softening conversation needs both of you. Until your partner joins, "
                       "practise alone.", "partner-missing")
    if _safety().joint_features_paused(db, couple.id):
        raise _safety().pause_problem()
    if not _safety().both_screened(db, couple.id):
        # A private screen before joint work, as EFT practice screens each partner alone.
        raise _safety().screen_problem()
    if open_conversation(db, person) is not None:
        raise conflict("You already have a conversation going. Carry on with it, or finish it "
                       "first.", "conversation-open")
    speaker = speaker_id or person.id
    if speaker not in ids:
        raise bad_input("The speaker must be one of you.",
                        FieldProblem("speaker_id", "not a partner in this couple"))
    listener = next(i for i in ids if i != speaker)
    conversation = Conversation(couple_id=couple.id, speaker_id=speaker, listener_id=listener,
                                status=Status.ACTIVE.value, step=Step.SHARE.value, round=1,
                                closed_by=[])
    db.add(conversation)
    db.flush()
    audit(db, person.id, "create", "conversation", conversation.id)
    return conversation


@dataclass(frozen=True)
class Posted:
    """A turn that was posted, or (turn None) one held back because joint work just paused."""

    turn: Turn | None
    conversation: Conversation
    safety: Any = None  # the writer's own check (safety/writer.py): flagged, the card, no turn


def post_turn(db: Session, author: Person, conversation_id: str, text: str,
              confirmed: bool | None = None) -> Posted:
    conversation = read_conversation(db, author, conversation_id)
    _require_both(db, conversation)
    safety = _safety()
    was_paused = safety.joint_features_paused(db, conversation.couple_id)
    state = state_of(conversation)
    if not was_paused:
        machine.take_turn(state, author.id, confirmed)  # refuses before anything is written
    # The screening's analysis of the text is the turn's own at a message step (one encoder run).
    # The writer's own check comes first: flagged, they get their card even while paused.
    check = _writer().check_writing(db, author, text, source="turn")
    reading = check.analysis
    if check.flag or safety.joint_features_paused(db, conversation.couple_id):
        if was_paused and not check.flag:
            raise safety.pause_problem()
        # The text stays the writer's private draft; the conversation waits for them.
        save_draft(db, author, conversation.id, text)
        return Posted(None, conversation, check)
    after = machine.take_turn(state, author.id, confirmed)
    turn = Turn(conversation_id=conversation.id, owner_id=author.id,
                couple_id=conversation.couple_id, visibility=Visibility.PARTNER.value,
                step=state.step.value, round=state.round, text=text,
                confirmed=confirmed if state.step == Step.CONFIRM else None,
                analysis=_analyse(db, conversation, state, text, reading))
    db.add(turn)
    _store(conversation, after)
    draft = _draft(db, conversation, author)
    if draft is not None:
        db.delete(draft)
    db.flush()
    audit(db, author.id, "create", "conversation_turn", turn.id)
    return Posted(turn, conversation, check)


def _require_both(db: Session, conversation: Conversation) -> None:
    current = {p.id for p in partners(db, conversation.couple_id)}
    if not {conversation.speaker_id, conversation.listener_id} <= current:
        raise conflict("This conversation needs both of you, and one of you has left the couple.",
                       "partner-missing")


def change_status(db: Session, person: Person, conversation_id: str, action: str) -> Conversation:
    conversation = read_conversation(db, person, conversation_id)
    if action == "resume" and _safety().joint_features_paused(db, conversation.couple_id):
        raise _safety().pause_problem()
    _store(conversation, ACTIONS[action](state_of(conversation)))
    audit(db, person.id, action, "conversation", conversation.id)
    return conversation


def save_draft(db: Session, person: Person, conversation_id: str, text: str) -> str:
    """Keep what the person has typed (private to them) until they send it."""
    conversation = read_conversation(db, person, conversation_id)
    if conversation.status not in [s.value for s in machine.OPEN]:
        raise conflict("This conversation has ended; there is nothing left to draft.",
                       "conversation-ended")
    draft = _draft(db, conversation, person)
    if draft is None:
        draft = Draft(conversation_id=conversation.id, owner_id=person.id,
                      couple_id=conversation.couple_id, visibility=Visibility.PRIVATE.value)
        db.add(draft)
    draft.text = text
    db.flush()
    return draft.text


def response_coaching(db: Session, person: Person, conversation_id: str,
                      reply: str) -> ReplyCoaching | None:
    """Coaching on the listener's draft against the speaker's last turn (None when not theirs).

    The caller checks the draft for the writer's safety first (draft_check): flagged, there
    is no coaching of it at all."""
    conversation = read_conversation(db, person, conversation_id)
    state = state_of(conversation)
    if not (machine.is_reply_step(state.step) and person.id == state.listener_id and reply.strip()):
        return None
    share = _last_speaker_text(db, conversation, state)
    return coach_reply(share, reply) if share else None


def draft_check(db: Session, person: Person, conversation_id: str, text: str, *,
                store: bool = True):
    """The writer's safety check of a draft they are typing in a conversation (theirs alone);
    `store=False` when a page only shows again a draft that was screened as it was typed."""
    read_conversation(db, person, conversation_id)
    if not store:
        return _writer().read_writing(db, person, text)
    return _writer().check_writing(db, person, text, source="turn")


def is_sharing(db: Session, person: Person, conversation_id: str) -> bool:
    """True when it is `person`'s turn to share (their draft is a reach to coach)."""
    state = state_of(read_conversation(db, person, conversation_id))
    return state.step == Step.SHARE and person.id in machine.whose_turn(state)


def _draft(db: Session, conversation: Conversation, person: Person) -> Draft | None:
    return db.scalar(select(Draft).where(Draft.conversation_id == conversation.id,
                                         Draft.owner_id == person.id))


def _store(conversation: Conversation, state: State) -> None:
    conversation.speaker_id, conversation.listener_id = state.speaker_id, state.listener_id
    conversation.step, conversation.round = state.step.value, state.round
    conversation.status, conversation.closed_by = state.status.value, list(state.closed_by)


def _last_speaker_text(db: Session, conversation: Conversation, state: State) -> str | None:
    shared = [t for t in turns_of(db, conversation)
              if t.round == state.round and t.step == Step.SHARE.value]
    return shared[-1].text if shared else None


def _analyse(db: Session, conversation: Conversation, state: State, text: str,
             reading: MessageAnalysis | None = None) -> dict[str, Any]:
    """The turn's analysis; `reading`, when given, is the message analysis of this very text."""
    if machine.is_reply_step(state.step):
        share = _last_speaker_text(db, conversation, state) or text
        return {"kind": "reply", **read_reply(share, text).model_dump(mode="json")}
    return without_risk({"kind": "message", **(reading or read_message(text)).model_dump(mode="json")})


# --- progress ----------------------------------------------------------------------------


def positive_cycle_moments(db: Session, couple_id: str, viewer: Person) -> list[dict[str, Any]]:
    """Each reach met with a responsive answer in the couple's conversations, oldest first.

    For the couple's current partners only; anyone else gets an empty list.
    """
    membership = active_membership(db, viewer.id)
    if membership is None or membership.couple_id != couple_id:
        return []
    conversations = db.scalars(select(Conversation).where(Conversation.couple_id == couple_id))
    found = []
    for conversation in conversations:
        turns = turns_of(db, conversation)
        for round_ in sorted({t.round for t in turns}):
            found.extend(_positive(conversation, [t for t in turns if t.round == round_]))
    return sorted(found, key=lambda item: item["at"])


def _positive(conversation: Conversation, turns: list[Turn]) -> list[dict[str, Any]]:
    reach = next((t for t in turns if t.step == Step.SHARE.value), None)
    answer = next((t for t in turns if t.step == Step.RESPOND.value), None)
    if reach is None or answer is None or not _responsive(answer):
        return []
    return [{"conversation_id": conversation.id, "round": reach.round, "reach_turn_id": reach.id,
             "response_turn_id": answer.id, "speaker_id": reach.owner_id,
             "listener_id": answer.owner_id, "at": answer.created_at}]


def _responsive(turn: Turn) -> bool:
    quality = (turn.analysis or {}).get("quality") or {}
    return quality.get("label") == "responsive"


def check_action(action: str) -> str:
    if action not in ACTIONS:
        raise BetweenError(f"Unknown action {action!r}.", [], 404, "Not found", "not-found")
    return action


def export_view(db: Session, viewer: Person) -> dict[str, Any]:
    """What the coach domain holds that `viewer` may see, for their data export: every
    conversation they took part in (with the turns they may read: after a couple ended, their
    own), and their own slow-down flows."""
    from between.coach.models import SlowDown

    flows = db.scalars(select(SlowDown).where(SlowDown.owner_id == viewer.id)
                       .order_by(SlowDown.created_at))
    taken_part = db.scalars(select(Conversation).where(
        (Conversation.speaker_id == viewer.id) | (Conversation.listener_id == viewer.id))
        .order_by(Conversation.created_at, Conversation.id))
    return {
        "conversations": [conversation_view(db, c, viewer) for c in taken_part],
        "slowdowns": [{"id": f.id, "step": f.step, "answers": f.answers,
                       "break_until": f.break_until, "finished_at": f.finished_at,
                       "moment_id": f.moment_id, "created_at": f.created_at} for f in flows],
    }
