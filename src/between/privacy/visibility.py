"""Who an entry is shared with. Private until its owner decides otherwise."""

from __future__ import annotations

from enum import StrEnum


class Visibility(StrEnum):
    PRIVATE = "private"  # the owner only
    PARTNER = "partner"  # the owner's partner
    THERAPIST = "therapist"  # a therapist both partners invited
    COUPLE = "couple"  # partner and therapist

    @property
    def partner_may_read(self) -> bool:
        return self in (Visibility.PARTNER, Visibility.COUPLE)

    @property
    def therapist_may_read(self) -> bool:
        return self in (Visibility.THERAPIST, Visibility.COUPLE)
