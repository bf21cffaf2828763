"""`between eval`: per-label precision/recall/F1, macro-F1 and confusion matrices.

Reads the public data sets from BETWEEN_DATA_DIR and our held-out corpus from data/corpus;
a missing data set is named and skipped. The engine is imported inside the command so
`between --help` stays instant.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

LAYER_CHOICES = ("cues", "learned", "both")


def register(app: typer.Typer) -> None:
    @app.command("eval")
    def evaluate_command(
        as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
        layers: Annotated[
            str, typer.Option(help="Evaluate the cue layer, the learned layer, or both combined.")
        ] = "both",
    ) -> None:
        """Evaluate the analysis engine on our held-out corpus, GoEmotions dev and EPITOME."""
        from rich.console import Console
        from rich.progress import Progress

        from between.analysis.evaluation import evaluate, format_report
        from between.config import get_settings

        if layers not in LAYER_CHOICES:
            typer.echo(f"Error: --layers must be one of {', '.join(LAYER_CHOICES)}", err=True)
            raise typer.Exit(2)
        with Progress(console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("evaluating", total=None)
            report = evaluate(get_settings().data_dir, layers, lambda n: progress.advance(task, n))
        typer.echo(json.dumps(report, indent=1) if as_json else format_report(report))
