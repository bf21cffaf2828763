"""Reads the project's reference transcriptions (design/INSTRUMENTS.md) at test time.

The markdown is the one source of item wording; the data files must match it exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

REFERENCE = Path(__file__).resolve().parents[2] / ".." / "shared" / "design" / "INSTRUMENTS.md"

# Markdown section heading prefix -> instrument id of the data file.
SECTIONS = {"ECR-R": "ecr_r", "ECR-S": "ecr_s", "CSI-16": "csi16", "RAS": "ras"}

_ITEM = re.compile(r"^(\d+)\. (?:\[\d+\] )?(.*?)(?: \*\(.*\)\*)?( \(R\))?$")


@dataclass(frozen=True)
class ReferenceItem:
    number: int
    text: str
    reverse: bool


def reference_items(path: Path = REFERENCE) -> dict[str, dict[int, ReferenceItem]]:
    """Items per instrument id, as numbered in the reference."""
    found: dict[str, dict[int, ReferenceItem]] = {}
    section = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            heading = line[3:]
            section = next((v for k, v in SECTIONS.items() if heading.startswith(k)), None)
            continue
        match = _ITEM.match(line)
        if section and match:
            number, text, reverse = match.groups()
            found.setdefault(section, {})[int(number)] = ReferenceItem(
                int(number), text, reverse is not None
            )
    return found
