"""The columns every user-written record carries: an owner, a couple and a visibility."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from between.db.base import new_id, utcnow
from between.privacy.visibility import Visibility

OWNED_MODELS: list[type] = []  # every user-written table, for export and erasure


class OwnedRecord:
    """Mixin: a record that belongs to one person and is shared only as they choose."""

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if "__tablename__" in cls.__dict__:
            OWNED_MODELS.append(cls)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    visibility: Mapped[str] = mapped_column(String(16), default=Visibility.PRIVATE.value)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @declared_attr
    def owner_id(cls) -> Mapped[str]:  # noqa: N805
        return mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)

    @declared_attr
    def couple_id(cls) -> Mapped[str | None]:  # noqa: N805
        # The couple the record was shared within; sharing never follows a person to a new couple.
        return mapped_column(ForeignKey("couples.id", ondelete="SET NULL"), index=True)
