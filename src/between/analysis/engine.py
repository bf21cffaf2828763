"""The analysis engine: `analyze_message` and `analyze_reply`, cue layer + learned layer.

How the two layers combine (log-linear, one rule per kind of output):
- exclusive labels (register, reply quality): softmax(log p_learned + cue weights). With the
  learned layer off, log p_learned is replaced by a small prior (neutral / responsive first);
- independent labels (emotions, deeper feelings, needs): sigmoid(logit p_learned + cue weights),
  with a prior of -1.5 in place of the logit when the learned layer is off;
- A.R.E.: sigmoid(logit p_learned + ARE_CUE_SCALE * cue weights);
- empathy: argmax over levels of log p_learned(level), plus a bonus of 1 for the level the cues
  point to (cue weight ≥ 1: level 1, ≥ 2: level 2);
- risk: score = sigmoid(logit p_learned(any) + risk cue weights); flagged when the score
  reaches the learned layer's threshold OR a strong, non-figurative risk cue fired (recall
  first). Weak risk cues only move the score; a figurative idiom ("this deadline is killing
  me") takes FIGURATIVE_DISCOUNT off it. Kinds likewise, per kind.
Cue weights are log-odds, so a cue can tip an unsure model but not overrule a confident one.

Reply cues: advice that comes after a reflection, validation or question counts at 30% towards
"fixing" (fixing is advice *before* the feeling is acknowledged).

Evidence: every reported label cites the cue spans that support it, with offsets into the
analysed text (the reply, for replies). A label the model reports without a cue cites the
sentence the model rates highest for it: sentences are scored in one extra batched pass, only
for multi-sentence texts whose headline label (register, risk, quality, empathy) has no cue;
otherwise the whole text is cited ("the model reads this message as …").
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import numpy as np
from pydantic import BaseModel, Field

from between.analysis.cues import (
    Cue,
    cue_scores,
    find_cues,
    looks_english,
    sanitise,
    sentence_spans,
)
from between.analysis.cues.text import fold
from between.analysis.cues.whose import sort_out
from between.analysis.emoji_words import emoji_as_words, moved
from between.analysis.empathy_read import stacked_levels
from between.analysis.taxonomy import (
    ARE_DIMENSIONS,
    DEEPER_FEELINGS,
    EMPATHY_MECHANISMS,
    GOEMOTIONS,
    NEEDS,
    REGISTERS,
    REPLY_QUALITIES,
    RISK_KINDS,
)
from between.errors import BetweenError, FieldProblem, bad_input

MAX_CHARS = 5000  # longer texts are refused: the engine reads messages, not documents
LAYERS = ("cues", "learned", "both")
Layers = Literal["cues", "learned", "both"]

LOW_CONFIDENCE_BELOW = 0.5  # top register / quality probability under this is "not sure"
DETECT_THRESHOLD = 0.5  # default for emotions, deeper feelings, needs, when no calibrated one
RISK_THRESHOLD = 0.5  # default for the learned "any risk" probability
RISK_KIND_THRESHOLD = 0.5
# A text longer than one encoder pass (a long post) is read in overlapping passages, and the
# model's highest passage is its risk reading. On real posts that reading is far less sure than on
# couples' messages (AUC 0.74 on the real-text `tune` part), so it is moved on the log-odds scale:
# a highest passage of LONG_TEXT_OFFER_AT lands on the gate's offer line (0.5), and the text is
# flagged from LONG_TEXT_FLAG_AT. Both chosen on the `tune` part (docs/safety.md): the lowest
# lines whose flags stay within 3% and flag-or-offer within 8% of the posts without risk.
LONG_TEXT_OFFER_AT = 0.99
LONG_TEXT_FLAG_AT = 0.998
LONG_TEXT_SHIFT = math.log(LONG_TEXT_OFFER_AT / (1 - LONG_TEXT_OFFER_AT))
LONG_TEXT_RISK_THRESHOLD = 1 / (1 + math.exp(LONG_TEXT_SHIFT - math.log(LONG_TEXT_FLAG_AT / (1 - LONG_TEXT_FLAG_AT))))
FIGURATIVE_DISCOUNT = 2.0  # log-odds taken off the model's risk when a hyperbole idiom is present
# Log-odds taken off the model's risk when every risk cue of the text speaks of someone else's
# risk ("my friend committed suicide"): the model reads the words, not whose they are.
OTHERS_DISCOUNT = 2.0
# Sarcasm says praise and means its opposite ("oh great, another evening on your phone"): where a
# sarcasm cue fires, the praise emotions its words would show lose this much (log-odds) and
# the annoyance and disapproval it means gain SARCASM_MEANS.
SARCASM_DISCOUNT = 6.0  # the model is often near-certain of the literal praise (thanks: 0.999)
PRAISE = ("admiration", "approval", "gratitude", "joy", "excitement", "love", "optimism", "pride",
          "relief")
SARCASM_MEANS = {"annoyance": 1.0, "disapproval": 0.8}
ARE_CUE_SCALE = 0.5
EMPATHY_CUE_BONUS = 1.0
CUES_ONLY_PRIOR = -1.5  # logit standing in for the learned layer on independent labels
# With the learned layer off, the default label starts at this logit, minus other labels' cues.
REGISTER_PRIOR = ("neutral", 1.0)
QUALITY_PRIOR = ("responsive", 0.5)
EMOTION_PRIOR = ("neutral", 1.0)
FIXING_AFTER_ACK = 0.3  # advice after acknowledging the feeling is not "fixing"
ACKNOWLEDGING = ("reflection", "validation", "question")  # a plain "sorry" does not count
_EPS = 1e-6
MESSAGE_FIELDS = frozenset({"register", "risk", "emotions", "deeper_feelings", "needs"})
REPLY_FIELDS = frozenset({"quality", "are", "empathy"})
HEADLINE_FIELDS = ("register", "risk", "quality", "empathy")  # worth a sentence-level pass
# Pooled sentence scores this far apart (probability) name the sentence without a second pass.
DECISIVE_MARGIN = 0.4
EVIDENCE_ORDER = ("register", "quality", "risk", "empathy", "emotions", "deeper_feelings", "needs")


class LearnedLayer(Protocol):
    """What the engine needs from between.analysis.learned (see load_learned_layer)."""

    def message_scores(self, texts: list[str], sentences: list | None = None) -> list[dict]: ...

    def reply_scores(self, shares: list[str], replies: list[str], sentences: list | None = None) -> list[dict]: ...

    # Needed only by a layer whose scores carry `sentence_vectors` (see _model_evidence).
    def pooled_scores(self, vectors: Any, pair: bool) -> list[dict]: ...


# --- results -----------------------------------------------------------------------------


class Evidence(BaseModel):
    """Why a label was reported: text[start:end] of the analysed text, and the reason."""

    field: str = Field(description="result field: register, risk, emotions, deeper_feelings, …")
    label: str
    start: int
    end: int
    text: str
    reason: str
    source: Literal["cue", "model"]


class LabelChoice(BaseModel):
    label: str
    probabilities: dict[str, float]


class Risk(BaseModel):
    flag: bool
    kinds: list[str]
    score: float = Field(ge=0, le=1)
    offer: bool = Field(False, description=(
        "someone close to the writer is at risk now (docs/safety.md, 'Whose risk'): privately offer "
        "the writer support; the writer's own risk is in `flag`"))


class Detection(BaseModel):
    probability: float = Field(ge=0, le=1)
    detected: bool


class ARE(BaseModel):
    accessibility: float = Field(ge=0, le=1)
    responsiveness: float = Field(ge=0, le=1)
    engagement: float = Field(ge=0, le=1)


class Empathy(BaseModel):
    emotional_reactions: int = Field(ge=0, le=2)
    interpretations: int = Field(ge=0, le=2)
    explorations: int = Field(ge=0, le=2)


_CONFIDENCE_DOC = "true when the top label is unsure or the text does not look like English"

with warnings.catch_warnings():
    # "register" is the product's word; pydantic only warns that ABCMeta.register is shadowed.
    warnings.filterwarnings("ignore", message='Field name "register"')

    class MessageAnalysis(BaseModel):
        register: LabelChoice = Field(description="the communicative form: exactly one of the seven")
        risk: Risk
        emotions: dict[str, float]
        deeper_feelings: dict[str, Detection]
        needs: dict[str, Detection]
        evidence: list[Evidence]
        low_confidence: bool = Field(description=_CONFIDENCE_DOC)
        low_confidence_reason: str | None = None
        language_ok: bool
        layers: Layers


class ReplyAnalysis(BaseModel):
    quality: LabelChoice
    are: ARE
    empathy: Empathy
    evidence: list[Evidence] = Field(description="spans index the reply")
    low_confidence: bool = Field(description=_CONFIDENCE_DOC)
    low_confidence_reason: str | None = None
    language_ok: bool
    layers: Layers


# --- input -------------------------------------------------------------------------------


def check_text(value: Any, field_name: str = "text") -> str:
    """The text itself if it can be analysed, else a bad-input error naming the field."""
    if not isinstance(value, str):
        raise bad_input("Text to analyse must be a string.", FieldProblem(field_name, "not text"))
    if not value.strip():
        raise bad_input("There is no text to analyse.", FieldProblem(field_name, "is empty"))
    if len(value) > MAX_CHARS:
        problem = FieldProblem(field_name, f"is {len(value):,} characters; the limit is 5,000")
        raise bad_input("The text is too long to analyse.", problem)
    return value


def check_layers(layers: Any) -> str:
    if layers not in LAYERS:
        problem = FieldProblem("layers", f"must be one of {', '.join(LAYERS)}")
        raise bad_input("Unknown analysis layers.", problem)
    return layers


def default_learned_layer() -> LearnedLayer:
    """The shipped learned layer, loaded on first use (onnxruntime is imported only here)."""
    try:
        from between.analysis.learned import load_learned_layer

        return load_learned_layer()
    except (ImportError, OSError) as exc:
        raise BetweenError(
            f"The learned analysis model is not available ({exc}); use layers='cues'.",
            status=503, title="Analysis model unavailable", slug="model-unavailable",
        ) from exc  # fmt: skip


def _layer(layers: str, learned: LearnedLayer | None) -> LearnedLayer | None:
    if layers == "cues":
        return None
    return learned if learned is not None else default_learned_layer()


def _thresholds(layer: LearnedLayer | None) -> dict[str, dict[str, float]]:
    return getattr(layer, "thresholds", None) or {}


# --- combining ---------------------------------------------------------------------------


def _clip(p: float) -> float:
    return min(max(p, _EPS), 1 - _EPS)


def _logit(p: float) -> float:
    p = _clip(p)
    return math.log(p / (1 - p))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))


def _softmax(z: dict[str, float]) -> dict[str, float]:
    top = max(z.values())
    exp = {label: math.exp(value - top) for label, value in z.items()}
    total = sum(exp.values())
    return {label: value / total for label, value in exp.items()}


def _exclusive(name: str, labels: Sequence[str], learned: dict | None, cues: dict, prior: dict) -> dict[str, float]:
    base = (
        {label: math.log(max(learned[label], _EPS)) for label in labels}
        if learned is not None
        else {label: prior.get(label, 0.0) for label in labels}
    )
    return _softmax({label: base[label] + cues.get(f"{name}.{label}", 0.0) for label in labels})


def _independent(
    name: str, labels: Sequence[str], learned: dict | None, cues: dict, prior: dict | None = None
) -> dict[str, float]:
    if learned is None:
        prior = prior or {}
        return {label: _sigmoid(prior.get(label, CUES_ONLY_PRIOR) + cues.get(f"{name}.{label}", 0.0))
                for label in labels}  # fmt: skip
    # Most labels have no cue, and sigmoid(logit(p)) is p: only cued labels need the round trip.
    shifted = {label: _sigmoid(_logit(learned[label]) + w) for label in labels if (w := cues.get(f"{name}.{label}"))}
    return {label: shifted[label] if label in shifted else _clip(learned[label]) for label in labels}


def _fallback_prior(name: str, default: str, base: float, cues: dict) -> dict[str, float]:
    # Cue layer alone: the default label is likely until a cue for another label speaks.
    others = sum(max(w, 0.0) for k, w in cues.items() if k.startswith(f"{name}.") and k != f"{name}.{default}")
    return {default: base - others}


def _detections(probs: dict[str, float], limits: dict[str, float]) -> dict[str, Detection]:
    return {
        label: Detection(probability=p, detected=p >= limits.get(label, DETECT_THRESHOLD)) for label, p in probs.items()
    }


def strong_risk_kinds(cues: list[Cue]) -> set[str]:
    """Kinds named by a strong, non-figurative risk cue: each one flags risk on its own."""
    return {k for cue in cues if cue.strong for k in RISK_KINDS if cue.weight_for(f"risk.{k}") > 0}


def risk_probabilities(cues: list[Cue], totals: dict, learned: dict | None,
                       others: bool = False) -> tuple[float, dict[str, float]]:
    """The "any risk" score and one probability per kind, from the cues and the learned layer;
    `others`: risk cues were set aside as someone else's and none of the writer's remain."""
    weights = {k: max(totals.get(f"risk.{k}", 0.0), 0.0) for k in RISK_KINDS}
    if learned is None:  # cues alone: each cue is independent evidence
        return 1 - math.exp(-sum(weights.values())), {k: 1 - math.exp(-w) for k, w in weights.items()}
    # log-linear: cue weights shift the model's log-odds; an idiom pulls them down
    idiom = FIGURATIVE_DISCOUNT if any(cue.feature == "figurative" for cue in cues) else 0.0
    idiom += OTHERS_DISCOUNT if others else 0.0
    score = _sigmoid(_logit(learned["any"]) + sum(weights.values()) - idiom)
    return score, {k: _sigmoid(_logit(learned[k]) + w - idiom) for k, w in weights.items()}


def whose_risk(text: str, cues: list[Cue]) -> tuple[list[Cue], bool, bool]:
    """The cues without those that speak of someone else's risk, whether an offer of support is
    due (someone close is at risk now), and whether the only risk cues were someone else's."""
    kept, offer, set_aside = sort_out(text, fold(sanitise(text)), cues)
    own = any(k.startswith("risk.") and w > 0 for c in kept for k, w in c.supports.items())
    return kept, offer, set_aside and not own


def _risk(cues: list[Cue], totals: dict, learned: dict | None, limits: dict,
          offer: bool = False, others: bool = False) -> Risk:
    strong = strong_risk_kinds(cues)
    score, kind_p = risk_probabilities(cues, totals, learned, others)
    line = LONG_TEXT_RISK_THRESHOLD if learned is not None and learned.get("long_text") else limits.get(
        "any", RISK_THRESHOLD)
    flag = bool(strong) or (learned is not None and score >= line)
    if not flag:
        return Risk(flag=False, kinds=[], score=score, offer=offer)
    kinds = [k for k in RISK_KINDS if k in strong or kind_p[k] >= limits.get(k, RISK_KIND_THRESHOLD)]
    kinds = sorted(kinds or [max(kind_p, key=kind_p.get)], key=lambda k: -kind_p[k])
    return Risk(flag=True, kinds=kinds, score=score, offer=offer)


def _are(learned: dict | None, cues: dict) -> ARE:
    values = {
        dim: _sigmoid(
            (_logit(learned[dim]) if learned is not None else 0.0) + ARE_CUE_SCALE * cues.get(f"are.{dim}", 0.0)
        )
        for dim in ARE_DIMENSIONS
    }
    return ARE(**values)


def _empathy(learned: dict | None, cues: dict, stack: dict | None = None, reply: str = "") -> Empathy:
    """Per mechanism: the stacker of the manifest (head and cue features together,
    analysis/empathy_read.py) where one is shipped and both layers read; else the head's
    log-probabilities with a bonus at the level the cues point to; else the cues alone."""
    if learned is not None and stack is not None:
        probabilities = np.array([learned[m] for m in EMPATHY_MECHANISMS])
        totals = np.array([cues.get(f"empathy.{m}", 0.0) for m in EMPATHY_MECHANISMS])
        stacked = stacked_levels(stack, probabilities, totals, reply)
        if stacked is not None:
            return Empathy(**dict(zip(EMPATHY_MECHANISMS, stacked, strict=True)))
    levels = {}
    for mechanism in EMPATHY_MECHANISMS:
        weight = cues.get(f"empathy.{mechanism}", 0.0)
        cue_level = 2 if weight >= 2 else 1 if weight >= 1 else 0
        if learned is None:
            levels[mechanism] = cue_level
            continue
        z = [math.log(max(p, _EPS)) for p in learned[mechanism]]
        if cue_level:
            z[cue_level] += EMPATHY_CUE_BONUS
        levels[mechanism] = max(range(len(z)), key=z.__getitem__)
    return Empathy(**levels)


def _reply_cue_totals(cues: list[Cue]) -> dict[str, float]:
    # Advice that follows an acknowledgement of the feeling is not "fixing" (advice first is).
    first_ack = min((c.start for c in cues if c.feature in ACKNOWLEDGING), default=None)
    adjusted = []
    for cue in cues:
        if first_ack is not None and cue.start > first_ack and cue.weight_for("quality.fixing") > 0:
            supports = {k: w * FIXING_AFTER_ACK if k == "quality.fixing" else w for k, w in cue.supports.items()}
            cue = Cue(cue.rule, cue.start, cue.end, cue.text, cue.reason, supports, cue.feature)
        adjusted.append(cue)
    return cue_scores(adjusted)


# --- evidence ----------------------------------------------------------------------------


@dataclass
class _Draft:
    """One text on its way to a result: the evidence so far and the labels still unexplained."""

    text: str  # as the person wrote it: evidence quotes this
    clean: str  # sanitised, same length: what the model reads
    cues: list[Cue]
    reported: list[tuple[str, str]]
    evidence: list[Evidence] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    sentence_vectors: Any = None  # the sentences pooled from the text's own encoder pass
    risk_passage: tuple[int, int] | None = None  # a long text: the passage read as most at risk


@dataclass
class _SentenceScorer:
    """Scores sentences two ways: `pooled` reads vectors from the text's own encoder pass (free);
    `encoded` runs the encoder again on the sentences alone (indices: which text each is from)."""

    pooled: Callable[[Any], list[dict]]
    encoded: Callable[[list[int], list[str]], list[dict]]


def _with_sentences(texts: Sequence[str], wanted: bool) -> tuple[list[list[tuple[int, int]]], list | None]:
    """Each text's sentence spans, and those worth pooling when sentence evidence is `wanted`
    (texts of two or more sentences)."""
    spans = [sentence_spans(text) for text in texts]
    return spans, [found if len(found) > 1 else None for found in spans] if wanted else None


def _worded(texts: Sequence[str], spans: list | None = None) -> tuple[list[str], list | None]:
    """What the model reads: emoji said in words (emoji_words.py), with sentence spans moved."""
    worded = [emoji_as_words(text) for text in texts]
    return ([w for w, _ in worded],
            None if spans is None else [moved(s, where) for s, (_, where) in zip(spans, worded, strict=True)])


def _attach(drafts: list[_Draft], spans: list, scores: list) -> None:
    for draft, found, score in zip(drafts, spans, scores, strict=True):
        draft.sentences = found
        draft.sentence_vectors = score and score.get("sentence_vectors")


def _distinct_spans(cues: list[Cue]) -> list[Cue]:
    """One cue per span: two rules on the same words would cite them twice."""
    return list({(c.start, c.end): c for c in reversed(cues)}.values())[::-1]


def _cue_evidence(draft: _Draft) -> None:
    for name, label in draft.reported:
        key = f"{name}.{label}"
        found = _distinct_spans([c for c in draft.cues if c.weight_for(key) > 0])
        draft.evidence.extend(
            Evidence(field=name, label=label, start=c.start, end=c.end, text=c.text,
                     reason=c.reason, source="cue")
            for c in found
        )  # fmt: skip
        if not found:
            draft.missing.append((name, label))


def _phrase(name: str, label: str) -> str:
    return f"{label.replace('_', ' ')} ({name.replace('_', ' ')})"


def _whole_text_evidence(draft: _Draft, layers: str) -> None:
    spans = draft.sentences or [(0, len(draft.text))]
    start, end = spans[0][0], spans[-1][1]
    for name, label in draft.missing:
        reason = (
            f"no cue pointed elsewhere, so the cue layer reads this as {_phrase(name, label)}"
            if layers == "cues"
            else f"the model reads this message as {_phrase(name, label)}"
        )
        draft.evidence.append(
            Evidence(field=name, label=label, start=start, end=end, text=draft.text[start:end],
                     reason=reason, source="model" if layers != "cues" else "cue")
        )  # fmt: skip
    draft.missing = []


def _sentence_score(scores: dict, name: str, label: str) -> float:
    value = scores[name][label]
    # Empathy comes as probabilities per level: "any empathy" is 1 - p(level 0).
    return 1 - value[0] if isinstance(value, list) else value


def _passage_evidence(drafts: list[_Draft]) -> None:
    """A long text's risk labels without a cue cite the passage the model read as most at risk."""
    for draft in drafts:
        if draft.risk_passage is None:
            continue
        start, end = draft.risk_passage
        for name, label in [m for m in draft.missing if m[0] == "risk"]:
            draft.evidence.append(
                Evidence(field=name, label=label, start=start, end=end, text=draft.text[start:end],
                         reason=f"the model reads this passage as {_phrase(name, label)}", source="model"))
            draft.missing.remove((name, label))


def _model_evidence(drafts: list[_Draft], layers: str, scorer: _SentenceScorer | None) -> None:
    """Cite, for each label without a cue, the sentence the model rates highest for it.

    Multi-sentence texts are read sentence by sentence. The sentences pooled from the text's
    own pass (free) name the sentence for every label when they are there; where a headline
    label (register, risk, reply quality, empathy) is among the missing, they decide only when
    the best sentence leads every other by DECISIVE_MARGIN, and otherwise the sentences are
    encoded on their own, which picks the right one more often (docs/analysis-model.md) at the
    cost of a second pass. A one-sentence text, or one whose sentences lie past the token limit
    with no headline missing, cites the whole text.
    """
    pending = []
    for draft in drafts:
        if not draft.missing:
            continue
        headline = any(name in HEADLINE_FIELDS for name, _ in draft.missing)
        if scorer is None or len(draft.sentences) < 2 or not (headline or draft.sentence_vectors is not None):
            _whole_text_evidence(draft, layers)
        else:
            pending.append(draft)
    pooled = [d for d in pending if d.sentence_vectors is not None]
    rated = _split(scorer.pooled(np.concatenate([d.sentence_vectors for d in pooled])), pooled) if pooled else []
    undecided = [d for d in pending if d.sentence_vectors is None]
    for draft, scores in zip(pooled, rated, strict=True):
        if _decisive(draft, scores):
            _cite_sentences(draft, scores)
        else:
            undecided.append(draft)
    if undecided:
        index = {id(d): i for i, d in enumerate(drafts)}
        wanted = [(index[id(d)], d.clean[a:b]) for d in undecided for a, b in d.sentences]
        encoded = scorer.encoded([i for i, _ in wanted], [sentence for _, sentence in wanted])
        for draft, scores in zip(undecided, _split(encoded, undecided), strict=True):
            _cite_sentences(draft, scores)


def _split(scores: list[dict], drafts: list[_Draft]) -> list[list[dict]]:
    """Scores for all drafts' sentences in one list, cut back into one list per draft."""
    cuts = np.cumsum([0] + [len(d.sentences) for d in drafts]).tolist()
    return [scores[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


def _decisive(draft: _Draft, scores: list[dict]) -> bool:
    for name, label in draft.missing:
        if name in HEADLINE_FIELDS:
            first, second = sorted((_sentence_score(s, name, label) for s in scores), reverse=True)[:2]
            if first - second < DECISIVE_MARGIN:
                return False
    return True


def _cite_sentences(draft: _Draft, scores: list[dict]) -> None:
    rated = list(zip(draft.sentences, scores, strict=True))
    for name, label in draft.missing:
        (start, end), _ = max(rated, key=lambda item: _sentence_score(item[1], name, label))
        draft.evidence.append(
            Evidence(field=name, label=label, start=start, end=end, text=draft.text[start:end],
                     reason=f"the model reads this sentence as {_phrase(name, label)}",
                     source="model")
        )  # fmt: skip
    draft.missing = []


def _confidence(top: str, p: float, text: str) -> tuple[bool, str | None, bool]:
    english = looks_english(text)
    reasons = []
    if p < LOW_CONFIDENCE_BELOW:
        reasons.append(f"the top label, {top}, has probability {p:.2f} (below {LOW_CONFIDENCE_BELOW})")
    if not english:
        reasons.append("the text does not look like English, which is all the engine reads")
    return bool(reasons), "; ".join(reasons) or None, english


# --- messages ----------------------------------------------------------------------------


def read_sarcasm(cues: list[Cue], totals: dict[str, float]) -> dict[str, float]:
    """Cue weights with sarcastic praise read as what it means (see SARCASM_DISCOUNT)."""
    if not any(cue.feature == "sarcasm" for cue in cues):
        return totals
    turned = dict(totals)
    for emotion in PRAISE:
        turned[f"emotions.{emotion}"] = turned.get(f"emotions.{emotion}", 0.0) - SARCASM_DISCOUNT
    for emotion, weight in SARCASM_MEANS.items():
        turned[f"emotions.{emotion}"] = turned.get(f"emotions.{emotion}", 0.0) + weight
    return turned


def _message(text: str, clean: str, learned: dict | None, layers: str, limits: dict) -> tuple[dict[str, Any], _Draft]:
    cues = find_cues(text, fields=MESSAGE_FIELDS) if layers != "learned" else []
    cues, offer, others = whose_risk(text, cues)
    totals = read_sarcasm(cues, cue_scores(cues))
    register = _exclusive(
        "register",
        REGISTERS,
        learned and learned["register"],
        totals,
        _fallback_prior("register", *REGISTER_PRIOR, totals),
    )
    emotions = _independent(
        "emotions", GOEMOTIONS, learned and learned["emotions"], totals,
        None if learned else _fallback_prior("emotions", *EMOTION_PRIOR, totals),
    )  # fmt: skip
    feelings = _independent("deeper_feelings", DEEPER_FEELINGS, learned and learned["deeper_feelings"], totals)
    needs = _independent("needs", NEEDS, learned and learned["needs"], totals)
    risk = _risk(cues, totals, learned and learned["risk"], limits.get("risk", {}), offer, others)
    top = max(register, key=register.get)
    feelings_found = _detections(feelings, limits.get("deeper_feelings", {}))
    needs_found = _detections(needs, limits.get("needs", {}))
    emotion_limits = limits.get("emotions", {})
    reported = (
        [("register", top)]
        + [("risk", kind) for kind in risk.kinds]
        + [("emotions", e) for e, p in emotions.items() if p >= emotion_limits.get(e, DETECT_THRESHOLD)]
        + [("deeper_feelings", f) for f, d in feelings_found.items() if d.detected]
        + [("needs", n) for n, d in needs_found.items() if d.detected]
    )
    low, reason, english = _confidence(top, register[top], clean)
    fields = {
        "register": LabelChoice(label=top, probabilities=register),
        "risk": risk,
        "emotions": emotions,
        "deeper_feelings": feelings_found,
        "needs": needs_found,
        "low_confidence": low,
        "low_confidence_reason": reason,
        "language_ok": english,
        "layers": layers,
    }
    return fields, _Draft(text, clean, cues, reported)


def _read_long_texts(layer: LearnedLayer | None, clean: list[str], scores: list) -> list[tuple[int, int] | None]:
    """Risk over the whole of each text longer than one encoder pass (128 word pieces): its
    overlapping passages replace the first pass's risk reading, and the text is flagged at
    LONG_TEXT_RISK_THRESHOLD (long real posts read differently from couples' messages). Returns
    the passage cited as evidence, per text (None for a short text)."""
    reader = getattr(layer, "passage_risk", None)
    if reader is None:
        return [None] * len(clean)
    found = reader(clean, lambda text: emoji_as_words(text)[0])
    for score, whole in zip(scores, found, strict=True):
        if whole is not None:
            shifted = {label: _sigmoid(_logit(p) - LONG_TEXT_SHIFT) for label, p in whole[0].items()}
            score["risk"] = shifted | {"long_text": True}
    return [None if whole is None else whole[1] for whole in found]


def analyze_messages(
    texts: Sequence[str],
    *,
    layers: Layers = "both",
    learned: LearnedLayer | None = None,
    sentence_evidence: bool = True,
) -> list[MessageAnalysis]:
    """Analyse many messages at once: one learned-layer pass for all of them.

    `sentence_evidence=False` skips the extra sentence pass (model evidence then cites the
    whole text): for throughput-bound callers such as evaluation.
    """
    layers = check_layers(layers)
    clean = [sanitise(check_text(t, f"texts[{i}]")) for i, t in enumerate(texts)]
    layer = _layer(layers, learned)
    spans, pooled = _with_sentences(texts, sentence_evidence)
    scores = (layer.message_scores(*_worded(clean, pooled)) if layer is not None
              else [None] * len(clean))
    limits = _thresholds(layer)
    read_whole = _read_long_texts(layer, clean, scores)
    parts = [_message(t, c, s, layers, limits) for t, c, s in zip(texts, clean, scores, strict=True)]
    drafts = [draft for _, draft in parts]
    _attach(drafts, spans, scores)
    for draft, passage in zip(drafts, read_whole, strict=True):
        draft.risk_passage = passage
        _cue_evidence(draft)
    _passage_evidence(drafts)
    scorer = _SentenceScorer(
        pooled=lambda vectors: layer.pooled_scores(vectors, pair=False),
        encoded=lambda _indices, sentences: layer.message_scores(_worded(sentences)[0]),
    )
    _model_evidence(drafts, layers, scorer if layer is not None and sentence_evidence else None)
    return [MessageAnalysis(**fields, evidence=_in_order(draft.evidence)) for fields, draft in parts]


def analyze_message(
    text: str, *, layers: Layers = "both", learned: LearnedLayer | None = None, sentence_evidence: bool = True
) -> MessageAnalysis:
    """Register, risk, emotions, deeper feelings, needs and evidence for one message."""
    check_text(text, "text")
    return analyze_messages([text], layers=layers, learned=learned, sentence_evidence=sentence_evidence)[0]


def _in_order(evidence: list[Evidence]) -> list[Evidence]:
    order = {name: i for i, name in enumerate(EVIDENCE_ORDER)}
    return sorted(evidence, key=lambda e: (order.get(e.field, 99), e.label, e.start))


# --- replies -----------------------------------------------------------------------------


def _reply(reply: str, clean: str, learned: dict | None, layers: str,
           stack: dict | None = None) -> tuple[dict[str, Any], _Draft]:
    cues = find_cues(reply, fields=REPLY_FIELDS) if layers != "learned" else []
    totals = _reply_cue_totals(cues)
    quality = _exclusive(
        "quality",
        REPLY_QUALITIES,
        learned and learned["quality"],
        totals,
        _fallback_prior("quality", *QUALITY_PRIOR, totals),
    )
    are = _are(learned and learned["are"], totals)
    empathy = _empathy(learned and learned["empathy"], totals, stack if layers == "both" else None, reply)
    top = max(quality, key=quality.get)
    reported = [("quality", top)] + [("empathy", m) for m, level in empathy.model_dump().items() if level > 0]
    low, reason, english = _confidence(top, quality[top], clean)
    fields = {
        "quality": LabelChoice(label=top, probabilities=quality),
        "are": are,
        "empathy": empathy,
        "low_confidence": low,
        "low_confidence_reason": reason,
        "language_ok": english,
        "layers": layers,
    }
    return fields, _Draft(reply, clean, cues, reported)


def analyze_replies(
    pairs: Sequence[tuple[str, str]],
    *,
    layers: Layers = "both",
    learned: LearnedLayer | None = None,
    sentence_evidence: bool = True,
) -> list[ReplyAnalysis]:
    """Analyse many (share, reply) pairs at once. Evidence offsets index the reply."""
    layers = check_layers(layers)
    shares = [sanitise(check_text(s, f"pairs[{i}].share")) for i, (s, _) in enumerate(pairs)]
    replies = [sanitise(check_text(r, f"pairs[{i}].reply")) for i, (_, r) in enumerate(pairs)]
    layer = _layer(layers, learned)
    originals = [reply for _, reply in pairs]
    spans, pooled = _with_sentences(originals, sentence_evidence)
    scores = (layer.reply_scores(_worded(shares)[0], *_worded(replies, pooled)) if layer is not None
              else [None] * len(replies))
    stack = (getattr(layer, "manifest", None) or {}).get("empathy_stack") if layer is not None else None
    parts = [_reply(o, c, s, layers, stack) for o, c, s in zip(originals, replies, scores, strict=True)]
    drafts = [draft for _, draft in parts]
    _attach(drafts, spans, scores)
    for draft in drafts:
        _cue_evidence(draft)
    scorer = _SentenceScorer(
        pooled=lambda vectors: layer.pooled_scores(vectors, pair=True),
        encoded=lambda indices, sentences: layer.reply_scores(
            _worded([shares[i] for i in indices])[0], _worded(sentences)[0]),
    )
    _model_evidence(drafts, layers, scorer if layer is not None and sentence_evidence else None)
    return [ReplyAnalysis(**fields, evidence=_in_order(draft.evidence)) for fields, draft in parts]


def analyze_reply(
    share: str,
    reply: str,
    *,
    layers: Layers = "both",
    learned: LearnedLayer | None = None,
    sentence_evidence: bool = True,
) -> ReplyAnalysis:
    """Quality, A.R.E., empathy and evidence for a reply to a reach."""
    check_text(share, "share")
    check_text(reply, "reply")
    return analyze_replies([(share, reply)], layers=layers, learned=learned, sentence_evidence=sentence_evidence)[0]
