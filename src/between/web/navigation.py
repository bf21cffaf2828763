"""The main menu: which pages a signed-in person reaches from every page, by role.

A phone shows the first items as a bottom bar and the rest behind "More" (a <details>, so it
opens without JavaScript); a wide screen shows the same list in the header. A role with other
pages (a therapist) gets a menu of its own here, not a second template.
"""

from __future__ import annotations

from dataclasses import dataclass

from between.people.models import Person, Role


@dataclass(frozen=True)
class Item:
    href: str
    key: str  # the `nav` a page passes to render(), to mark where the person is
    label: str


@dataclass(frozen=True)
class Menu:
    primary: tuple[Item, ...]  # the bottom bar on a phone: at most four, one tap away
    more: tuple[Item, ...]

    def holds_current(self, key: str | None) -> bool:
        return any(item.key == key for item in self.more)


ACCOUNT = Item("/account", "account", "Account")
SAFETY = Item("/safety", "safety", "Support and safety")

MENUS = {
    Role.PARTNER.value: Menu(
        primary=(Item("/home", "home", "Home"), Item("/moments", "moments", "Moments"),
                 Item("/cycle", "cycle", "Cycle"), Item("/conversations", "conversations", "Talk")),
        more=(Item("/pause", "pause", "Slow down"), Item("/coach", "coach", "Coach"),
              Item("/attachment", "attachment", "Your story"),
              Item("/check-ins", "check-ins", "Check-ins"), Item("/progress", "progress", "Progress"),
              Item("/couple", "couple", "Couple"), ACCOUNT, SAFETY)),
    Role.THERAPIST.value: Menu(primary=(Item("/therapist", "therapist", "Couples"),),
                               more=(ACCOUNT,)),
}


def menu_for(person: Person | None) -> Menu | None:
    if person is None:
        return None
    return MENUS.get(person.role, MENUS[Role.PARTNER.value])
