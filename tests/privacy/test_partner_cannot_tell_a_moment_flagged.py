"""A partner's view of a shared moment is the same, byte for byte, whether or not the writer's
words were flagged: the writer's safety check never reaches anyone else (issue 13)."""

from __future__ import annotations

import re

from tests.factories import couple, moment

RISKY = "I want to kill myself."
EVERYDAY = "I sat in the car for an hour afterwards."
ISO = re.compile(r"\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:\d\d)?")


def partner_sees(client, happened: str) -> tuple[dict, str]:
    """A fresh couple; Sam shares a moment (its story kept private) in `happened`'s words, then
    edits it; what Alex's GETs answer, with this couple's ids and times made neutral."""
    sam, alex = couple(client)
    made = moment(client, sam, happened=happened, visibility="partner", keep_text_private=True,
                  deeper_feeling="scared", intensity=7)
    edited = client.patch(f"/api/v1/moments/{made['id']}", json={"meaning": happened},
                          headers=sam.auth)
    assert edited.status_code == 200, edited.text
    seen = []
    for path in (f"/api/v1/moments/{made['id']}", "/api/v1/moments"):
        answer = client.get(path, headers=alex.auth)
        assert answer.status_code == 200, answer.text
        seen.append(answer.text)
    text = "\n".join(seen)
    for name, value in (("MOMENT", made["id"]), ("SAM", sam.id), ("ALEX", alex.id)):
        text = text.replace(value, name)
    return made, ISO.sub("TIME", text)


def test_the_partners_gets_are_byte_identical_whether_or_not_the_words_flagged(client):
    flagged, risky_view = partner_sees(client, RISKY)
    unflagged, everyday_view = partner_sees(client, EVERYDAY)
    assert flagged["safety"]["flag"] is True and unflagged["safety"]["flag"] is False
    assert risky_view == everyday_view
    assert '"safety":null' in risky_view and '"suggestions":null' in risky_view
    assert "kill" not in risky_view and "scared" in risky_view
