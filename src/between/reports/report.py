"""The printable progress report: the words both the HTML page and the PDF are made of.

Built from a `Progress` (assessments.service), which holds only what the reader may see; this
module adds wording and layout, never data.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import matplotlib
from fpdf import FPDF

from between.assessments.change import RCI_THRESHOLD
from between.assessments.service import Progress, Track
from between.reports.charts import Chart, interaction_chart, score_chart
from between.reports.metrics import InteractionMetrics

__all__ = ["METHOD_NOTE", "TrackText", "metric_lines", "report_pdf", "track_chart", "track_text"]

# fpdf2 names each SVG element it skips (<title>, <desc>): the chart's text is printed anyway.
logging.getLogger("fpdf.svg").setLevel(logging.ERROR)
# DejaVu ships with matplotlib, so names and dashes in any language print without a system font.
_FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"

METHOD_NOTE = (
    "Change is judged with the reliable change index (Jacobson & Truax, 1991): a difference "
    f"counts as reliable when it is at least {RCI_THRESHOLD} standard errors of the difference, "
    "using each questionnaire's published reliability. Each score is compared with that "
    "person's first check-in shown here."
)


@dataclass(frozen=True)
class TrackText:
    heading: str
    lines: list[str]  # one per person: latest score and its reliable-change label
    note: str  # cut-off, citation and terms of use


def track_chart(track: Track) -> Chart:
    return score_chart(track.instrument, track.series, subscale=track.subscale)


def track_text(track: Track) -> TrackText:
    instrument, sub = track.instrument, track.instrument.subscale(track.subscale)
    heading = f"{instrument.short_title}: {sub.title}"
    lines = []
    for person, points in track.series.items():
        day, value = points[-1]
        change = track.latest.get(person)
        judged = "first check-in" if change is None else (
            f"{change.label} since {_number(change.before)}")
        owner = "Your" if person == "You" else f"{person}'s"
        lines.append(f"{owner} latest ({day:%d %b %Y}): {_number(value)} — {judged}"
                     f" ({len(points)} check-in{'s' if len(points) != 1 else ''})")
    cutoff = f"Distress cut-off {sub.cutoff.value:g} ({sub.cutoff.source}). " if sub.cutoff else ""
    note = f"{cutoff}{instrument.citation} Terms of use: {instrument.licence_note}"
    return TrackText(heading, lines, note)


def metric_lines(metrics: InteractionMetrics) -> list[tuple[str, str]]:
    """The interaction figures as (what, value) pairs, with the base of each share."""
    positive = ("no conversations yet" if metrics.positive_moments is None
                else f"{metrics.positive_moments} ("
                     f"{_share(metrics.share_positive, 'all interactions')})")
    return [
        ("Moments recorded", f"{metrics.moments} over {metrics.weeks} "
                             f"week{'s' if metrics.weeks != 1 else ''}"),
        ("Moments per week", _maybe(metrics.moments_per_week, "{:.1f}")),
        ("Mean intensity (0-10)", _maybe(metrics.mean_intensity, "{:.1f}")),
        ("Repaired", _share(metrics.share_repaired, f"{metrics.with_outcome} with an ending")),
        ("Median time to repair", _maybe(metrics.median_repair_minutes, "{:g} minutes")),
        ("Deeper feeling named", _share(metrics.share_deeper_feeling,
                                        f"{metrics.moments} moment{'s' if metrics.moments != 1 else ''}")),
        ("Reaches met with a responsive answer (positive-cycle moments)", positive),
    ]


def report_pdf(progress: Progress, *, today: date) -> bytes:
    pdf = _Report(progress.reader.display_name)
    pdf.add_page()
    pdf.heading(f"Progress report for {progress.reader.display_name}", size=18)
    pdf.paragraph(f"Made on {today.day} {today:%B %Y} (dates on the {progress.reader.time_zone} clock). "
                  f"It contains only what {progress.reader.display_name} may see in Between: their own "
                  "check-ins and what others chose to share with them.")
    if not progress.tracks:
        pdf.paragraph("No questionnaires finished yet.")
    for track in progress.tracks:
        text, chart = track_text(track), track_chart(track)
        pdf.section(text.heading, chart)
        pdf.paragraph(chart.summary)
        for line in text.lines:
            pdf.paragraph(line)
        pdf.paragraph(text.note, small=True)
    weeks = progress.interactions.by_week
    chart = interaction_chart(weeks) if weeks else None
    pdf.section("Interactions", chart)
    if chart:
        pdf.paragraph(chart.summary)
    for what, value in metric_lines(progress.interactions):
        pdf.paragraph(f"{what}: {value}")
    pdf.paragraph(METHOD_NOTE, small=True)
    return bytes(pdf.output())


class _Report(FPDF):
    def __init__(self, reader: str) -> None:
        super().__init__(format="A4")
        self.add_font("DejaVu", "", _FONTS / "DejaVuSans.ttf")
        self.add_font("DejaVu", "B", _FONTS / "DejaVuSans-Bold.ttf")
        self.set_title(f"Between progress report: {reader}")
        self.set_creator("Between")
        self.set_auto_page_break(True, margin=15)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", size=8)
        self.cell(0, 5, f"Between · private · page {self.page_no()}", align="C")

    def heading(self, text: str, size: int = 13) -> None:
        self.set_font("DejaVu", "B", size)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def paragraph(self, text: str, *, small: bool = False) -> None:
        self.set_font("DejaVu", size=8 if small else 10)
        self.multi_cell(0, 4 if small else 5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)

    def section(self, title: str, chart: Chart | None) -> None:
        """A heading and its chart, kept together on one page."""
        height = self.epw * _aspect(chart.svg) if chart else 0
        if self.get_y() + height + 20 > self.page_break_trigger:
            self.add_page()
        self.heading(title)
        if chart:
            self.image(io.BytesIO(chart.svg.encode()), x=self.l_margin, y=self.get_y(),
                       w=self.epw)
            self.ln(height + 2)


def _aspect(svg: str) -> float:
    """Height over width, from the SVG's viewBox."""
    _, _, width, height = map(float, re.search(r'viewBox="([^"]+)"', svg).group(1).split())
    return height / width


def _number(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}"


def _maybe(value: float | None, pattern: str) -> str:
    return "—" if value is None else pattern.format(value)


def _share(value: float | None, base: str) -> str:
    return "—" if value is None else f"{round(100 * value)}% of {base}"
