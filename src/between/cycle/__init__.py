"""The couple's cycle map: positions, pattern, sentence, raw spots, timeline and diagram.

Pure: callers pass the moments the viewer may see as `MomentFacts`; nothing here touches storage.
"""

from between.cycle.inference import Cycle, MomentFacts, Partner, Position, infer_cycle
from between.cycle.raw_spots import RawSpot
from between.cycle.render import cycle_to_dict, render_svg, render_text
from between.cycle.timeline import Timeline, TimelinePoint
from between.cycle.wording import sentence

__all__ = [
    "Cycle",
    "MomentFacts",
    "Partner",
    "Position",
    "RawSpot",
    "Timeline",
    "TimelinePoint",
    "cycle_to_dict",
    "infer_cycle",
    "render_svg",
    "render_text",
    "sentence",
]
