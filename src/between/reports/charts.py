"""Progress as pictures: small server-side SVG charts, each with a text summary for readers
who do not see the picture (the summary is also embedded as the SVG's <title>/<desc>).

matplotlib draws through its `Figure` API without pyplot, so no GUI backend or global state is
involved; the SVG keeps text as text (smaller, selectable, readable by screen readers) and
contains no scripts.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from math import ceil
from xml.sax.saxutils import escape

import matplotlib
from matplotlib.dates import MO, DateFormatter, DayLocator, MonthLocator, WeekdayLocator
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from between.assessments.change import compare
from between.assessments.instruments import Instrument, Subscale

__all__ = [
    "Chart",
    "WeekMetrics",
    "interaction_chart",
    "interaction_summary",
    "score_chart",
    "score_summary",
    "timeline_chart",
    "timeline_summary",
]

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. Each person
# also gets their own marker and line style, so colour is never the only cue.
_STYLES = (
    {"color": "#0072B2", "marker": "o", "linestyle": "-"},
    {"color": "#D55E00", "marker": "s", "linestyle": "--"},
)
_POSITIVE, _OTHER, _GRID = "#009E73", "#BBBBBB", "#DDDDDD"
# Drawn 4.8 inches wide and shown at the width of the page: on a 390 px phone the text stays
# about 10 px high, on a wide screen it grows with the picture.
_RC = {"svg.fonttype": "none", "svg.hashsalt": "between", "font.size": 10}
WIDTH = 4.8


@dataclass(frozen=True)
class Chart:
    svg: str
    summary: str


@dataclass(frozen=True)
class WeekMetrics:
    week_start: date
    moments: int  # moments recorded that week
    positive: int  # of those, positive-cycle moments (a reach met with a responsive answer)


def score_chart(
    instrument: Instrument,
    series: Mapping[str, Sequence[tuple[date, float]]],
    *,
    subscale: str = "total",
) -> Chart:
    """Scores over time, one line per person (e.g. {"You": [...], "Sam": [...]})."""
    sub = instrument.subscale(subscale)
    summary = score_summary(instrument, series, subscale=subscale)
    fig = Figure(figsize=(WIDTH, 2.8))
    ax = fig.add_subplot()
    for style, (person, points) in zip(_STYLES, series.items(), strict=False):
        if points:
            days, values = zip(*sorted(points), strict=True)
            ax.plot(days, values, label=person, linewidth=2, markersize=5, **style)
    if sub.cutoff is not None:
        ax.axhline(sub.cutoff.value, color="#444444", linewidth=1.2, linestyle=":", gid="cutoff")
        ax.annotate(
            f"cut-off\n{sub.cutoff.value:g}",
            xy=(1.01, sub.cutoff.value),  # in the right margin, clear of the lines
            xycoords=("axes fraction", "data"),
            va="center",
            color="#444444",
        )
    ax.set_ylim(*instrument.score_range(subscale))
    # Says what a higher score means, never whether a person is "worse".
    ax.set_ylabel(f"higher = more {sub.title.lower().split()[-1]}")
    ax.set_title(f"{sub.title} ({instrument.short_title})", loc="left")
    if sub.scoring == "sum":
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    _tidy(ax, [d for points in series.values() for d, _ in points])
    if len(series) > 1:
        ax.legend(loc="best", framealpha=0.9, edgecolor="none")
    fig.subplots_adjust(**{**MARGINS, "left": 0.15, "right": 0.86})
    return Chart(_svg(fig, f"{instrument.short_title} over time", summary), summary)


def score_summary(
    instrument: Instrument,
    series: Mapping[str, Sequence[tuple[date, float]]],
    *,
    subscale: str = "total",
) -> str:
    sub = instrument.subscale(subscale)
    sentences = [
        _person_sentence(instrument, sub, person, [v for _, v in sorted(points)])
        for person, points in series.items()
        if points
    ]
    return " ".join(sentences) or f"No {instrument.short_title} check-ins yet."


def interaction_chart(weeks: Sequence[WeekMetrics]) -> Chart:
    """Moments per week (split into positive-cycle and other) and the positive share."""
    summary = interaction_summary(weeks)
    fig = Figure(figsize=(WIDTH, 3.8))
    counts, shares = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    days = [w.week_start for w in weeks]
    positive = [w.positive for w in weeks]
    other = [w.moments - w.positive for w in weeks]
    counts.bar(days, positive, width=5, color=_POSITIVE, label="positive-cycle moments")
    counts.bar(days, other, width=5, bottom=positive, color=_OTHER, label="other moments")
    counts.set_ylabel("moments per week")
    counts.yaxis.set_major_locator(MaxNLocator(integer=True))
    counts.legend(frameon=False, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=1)
    rated = [(w.week_start, 100 * w.positive / w.moments) for w in weeks if w.moments]
    if rated:
        share_days, share_values = zip(*rated, strict=True)
        shares.plot(share_days, share_values, color=_POSITIVE, marker="o", linewidth=2)
    shares.set_ylim(0, 105)  # room for a marker at 100%
    shares.set_ylabel("positive share (%)")
    shares.set_xlabel("week starting")
    for ax in (counts, shares):
        _tidy(ax, days, edge=timedelta(days=4))  # room for half a week's bar at each end
    fig.subplots_adjust(**{**MARGINS, "bottom": 0.14, "top": 0.85, "hspace": 0.15})
    return Chart(_svg(fig, "From negative to positive cycle, week by week", summary), summary)


def _person_sentence(instrument: Instrument, sub: Subscale, person: str, values: list[float]):
    name = f"{_possessive(person)} {instrument.short_title}"
    if len(instrument.subscales) > 1:
        name += f" {_subscale_name(instrument, sub)}"
    first, last = values[0], values[-1]
    side = None
    if sub.cutoff is not None:
        side = "above" if last >= sub.cutoff.value else "below"
    if len(values) == 1:
        sentence = f"{name} is {_fmt(sub, last)}"
        return sentence + (f", {side} the distress cut-off." if side else ".")
    if last == first:
        moved = f"stayed at {_fmt(sub, last)}"
    else:
        verb = "rose" if last > first else "fell"
        moved = f"{verb} from {_fmt(sub, first)} to {_fmt(sub, last)}"
    judged = _JUDGED[compare(instrument, sub.id, first, last).label]
    sentence = f"{name} {moved}, {judged}"
    return sentence + (f"; it is now {side} the distress cut-off." if side else ".")


_JUDGED = {
    "reliable improvement": "a reliable improvement",
    "reliable deterioration": "a reliable deterioration",
    "no reliable change": "not a reliable change",
}


def interaction_summary(weeks: Sequence[WeekMetrics]) -> str:
    """The weeks in words, with the same per-week average the figures beside the chart show."""
    if not weeks:
        return "No moments recorded yet."
    first, last = weeks[0], weeks[-1]
    total = sum(w.moments for w in weeks)
    text = f"Over {_count(len(weeks), 'week')}, {_count(total, 'moment')}"
    if len(weeks) > 1:
        text += (f": {total / len(weeks):.1f} a week on average ({first.moments} in the first week, "
                 f"{last.moments} in the latest)")
    rated = [w for w in weeks if w.moments]
    if len(rated) >= 2:
        a, b = (round(100 * w.positive / w.moments) for w in (rated[0], rated[-1]))
        verb = "rose" if b > a else "fell" if b < a else "stayed"
        span = f"from {a}% to {b}%" if a != b else f"at {a}%"
        text += f", and the share of positive-cycle moments {verb} {span}"
    return text + "."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


# Margins fixed per chart (fractions of the figure) instead of bbox_inches="tight", which drew
# every chart twice to measure it: about 40% of a chart's time.
MARGINS = {"left": 0.13, "right": 0.97, "bottom": 0.12, "top": 0.86}


def _svg(fig: Figure, title: str, summary: str) -> str:
    buffer = io.StringIO()
    with matplotlib.rc_context(_RC):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    # Name the picture for assistive technology: role, <title> and <desc> right after <svg ...>.
    start = svg.index("<svg")
    end = svg.index(">", start)
    label = f'<title id="chart-title">{escape(title)}</title><desc>{escape(summary)}</desc>'
    opening = svg[start:end].replace("<svg", '<svg role="img" aria-labelledby="chart-title"', 1)
    return svg[:start] + opening + ">" + label + svg[end + 1 :]


# The shortest date axis drawn: a single day (or none) still gets a readable week around it.
MIN_SPAN = timedelta(days=6)
TICKS = 5  # at most about this many dates under a chart: they must fit a phone's width


def _date_axis(ax, days: Sequence[date], edge: timedelta = timedelta(days=1)) -> None:
    """Limits and ticks from the data's own span, so matplotlib never guesses.

    Left to itself, one day of data made an axis from 2025 to 2029 and a warning per chart
    from AutoDateLocator; here the span is at least a week and the locator fits it.
    """
    if not days:
        days = [date.today()]
    low, high = min(days), max(days)
    pad = max(MIN_SPAN - (high - low), timedelta(0)) / 2 + edge
    ax.set_xlim(low - pad, high + pad)
    span = (high - low + 2 * pad).days
    if span <= 15:
        locator, label = DayLocator(interval=ceil(span / TICKS)), "%-d %b"
    elif span <= 120:
        locator, label = WeekdayLocator(byweekday=MO, interval=ceil(span / 7 / TICKS)), "%-d %b"
    else:
        locator, label = MonthLocator(interval=ceil(span / 30 / TICKS)), "%b %Y"
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(DateFormatter(label))


def _tidy(ax, days: Sequence[date], edge: timedelta = timedelta(days=1)) -> None:
    ax.grid(axis="y", color=_GRID, linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    _date_axis(ax, days, edge)


def _subscale_name(instrument: Instrument, sub: Subscale) -> str:
    return sub.title.lower() if len(instrument.subscales) > 1 else "score"


def _possessive(person: str) -> str:
    return "Your" if person.lower() == "you" else f"{person}'s"


def _fmt(sub: Subscale, value: float) -> str:
    return f"{value:g}" if sub.scoring == "sum" else f"{value:.2f}"


@dataclass(frozen=True)
class IntensityPoint:
    when: date
    intensity: int
    repaired: bool


def timeline_chart(series: Mapping[str, Sequence[IntensityPoint]]) -> Chart:
    """Intensity of moments over time, one line per person; hollow marks were left unrepaired."""
    fig = Figure(figsize=(WIDTH, 2.6))
    ax = fig.add_subplot()
    for style, (person, points) in zip(_STYLES, series.items(), strict=False):
        if not points:
            continue
        ax.plot([p.when for p in points], [p.intensity for p in points], label=person,
                color=style["color"], linestyle=style["linestyle"], linewidth=1.2)
        # Two marker sets per person (filled: repaired, hollow: not), not one artist per moment.
        for repaired in (True, False):
            marks = [p for p in points if p.repaired == repaired]
            if marks:
                ax.plot([p.when for p in marks], [p.intensity for p in marks], linestyle="none",
                        marker=style["marker"], color=style["color"], markersize=6,
                        markerfacecolor=style["color"] if repaired else "white")
    ax.set_ylim(0, 10.5)
    ax.set_ylabel("intensity (0-10)")
    if any(series.values()):
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False, ncols=2)
    _tidy(ax, [p.when for points in series.values() for p in points])
    fig.subplots_adjust(**MARGINS)
    summary = timeline_summary(series)
    return Chart(_svg(fig, "Moments over time", summary), summary)


def timeline_summary(series: Mapping[str, Sequence[IntensityPoint]]) -> str:
    parts = []
    for person, points in series.items():
        if not points:
            parts.append(f"No moments from {person} to show.")
            continue
        repaired = sum(p.repaired for p in points)
        mean = sum(p.intensity for p in points) / len(points)
        parts.append(f"{person}: {_count(len(points), 'moment')}, mean intensity {mean:.1f}, "
                     f"{repaired} repaired.")
    return " ".join(parts)
