"""JSON routes for the analysis engine: POST /api/v1/analyze and /api/v1/analyze/reply.

They need no login: the text is analysed and forgotten, nothing is stored. Bad input raises
BetweenError, which the app turns into problem+json.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from between.analysis.engine import (
    MAX_CHARS,
    Layers,
    LearnedLayer,
    MessageAnalysis,
    ReplyAnalysis,
    analyze_message,
    analyze_reply,
)
from between.errors import BetweenError

# Room for two texts of MAX_CHARS characters of 4-byte UTF-8 plus JSON escaping.
MAX_BODY_BYTES = 64 * 1024

router = APIRouter(prefix="/api/v1", tags=["analysis"])


class MessageRequest(BaseModel):
    text: str = Field(description=f"The message to analyse, 1 to {MAX_CHARS:,} characters.")


class ReplyRequest(BaseModel):
    share: str = Field(description=f"The reach being answered, 1 to {MAX_CHARS:,} characters.")
    reply: str = Field(description=f"The answer to analyse, 1 to {MAX_CHARS:,} characters.")


def limit_body(request: Request) -> None:
    """Refuse oversized bodies before parsing them."""
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > MAX_BODY_BYTES:
        raise BetweenError(
            f"The request body is over {MAX_BODY_BYTES // 1024} KiB.",
            status=413, title="Payload too large", slug="too-large",
        )  # fmt: skip


def learned_layer() -> LearnedLayer | None:
    """The learned layer to use; None means the shipped one (tests override this)."""
    return None


LayersQuery = Annotated[Layers, Query(description="cues, learned or both (for ablation)")]
Learned = Annotated[LearnedLayer | None, Depends(learned_layer)]


@router.post("/analyze", response_model=MessageAnalysis, dependencies=[Depends(limit_body)])
def analyze(body: MessageRequest, learned: Learned, layers: LayersQuery = "both") -> MessageAnalysis:
    """Register, risk, emotions, deeper feelings, needs, and the evidence for each."""
    return analyze_message(body.text, layers=layers, learned=learned)


@router.post("/analyze/reply", response_model=ReplyAnalysis, dependencies=[Depends(limit_body)])
def analyze_a_reply(body: ReplyRequest, learned: Learned, layers: LayersQuery = "both") -> ReplyAnalysis:
    """Quality, A.R.E. and empathy of a reply to a reach; evidence offsets index the reply."""
    return analyze_reply(body.share, body.reply, layers=layers, learned=learned)
