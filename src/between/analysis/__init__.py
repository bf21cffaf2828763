"""The text analysis engine: what a message is doing, and how a reply answers a reach.

Public API (imported lazily, so `import between.analysis` loads no model and no onnxruntime):
`analyze_message`, `analyze_messages`, `analyze_reply`, `analyze_replies`, the result models
`MessageAnalysis`, `ReplyAnalysis`, `Evidence`, the limit `MAX_CHARS`, and the cue layer's
`find_cues`, `cue_features`, `CUE_FEATURE_NAMES`.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "analyze_message": "engine",
    "analyze_messages": "engine",
    "analyze_reply": "engine",
    "analyze_replies": "engine",
    "MessageAnalysis": "engine",
    "ReplyAnalysis": "engine",
    "Evidence": "engine",
    "MAX_CHARS": "engine",
    "find_cues": "cues",
    "cue_features": "cues",
    "CUE_FEATURE_NAMES": "cues",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'between.analysis' has no attribute {name!r}")
    return getattr(import_module(f"between.analysis.{_EXPORTS[name]}"), name)
