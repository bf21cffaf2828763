"""pairings: a couple ends when a partner leaves; erasing one partner keeps the other's turns

A couple is now one pairing. Couples that already lost a partner (one left, or was erased)
are ended here, with every membership still open in them: their records were shared with the
partner who is gone and, since the old couple could take a new partner, cannot be told apart
from what was shared with a later one, so nobody but each writer reads them from now on. The
people in them start or join a new couple and share again as they choose.

Conversations keep their rows when a partner is erased (speaker/listener set to null), so
the other partner's own turns and draft are no longer deleted with them.

Revision ID: 0009
Revises: 0008
"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_LOST_A_PARTNER = """
    EXISTS (SELECT 1 FROM memberships m WHERE m.couple_id = couples.id
            AND m.role = 'partner' AND m.left_at IS NOT NULL)
    OR couples.created_by IS NULL
    OR EXISTS (SELECT 1 FROM invites i WHERE i.couple_id = couples.id
               AND i.used_at IS NOT NULL AND i.used_by IS NULL)
"""


def upgrade() -> None:
    with op.batch_alter_table("couples") as batch:
        batch.add_column(sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("ended_by", sa.String(32), nullable=True))
        batch.create_foreign_key("fk_couples_ended_by_people", "people", ["ended_by"], ["id"],
                                 ondelete="SET NULL")
    now = sa.bindparam("now", datetime.now(UTC), type_=sa.DateTime(timezone=True))
    op.execute(sa.text(f"UPDATE couples SET ended_at = :now WHERE {_LOST_A_PARTNER}")
               .bindparams(now))
    op.execute(  # who left it, where a membership says (an erased partner left no trace)
        "UPDATE couples SET ended_by = (SELECT m.person_id FROM memberships m "
        "WHERE m.couple_id = couples.id AND m.role = 'partner' AND m.left_at IS NOT NULL "
        "ORDER BY m.left_at LIMIT 1) WHERE ended_at IS NOT NULL")
    op.execute(sa.text(
        "UPDATE memberships SET left_at = (SELECT c.ended_at FROM couples c "
        "WHERE c.id = memberships.couple_id) WHERE left_at IS NULL AND couple_id IN "
        "(SELECT id FROM couples WHERE ended_at IS NOT NULL)"))
    _conversation_people(nullable=True, ondelete="SET NULL")


def downgrade() -> None:
    # Rows whose speaker or listener was erased cannot point at anyone again.
    op.execute("DELETE FROM conversations WHERE speaker_id IS NULL OR listener_id IS NULL")
    _conversation_people(nullable=False, ondelete="CASCADE")
    with op.batch_alter_table("couples") as batch:
        batch.drop_constraint("fk_couples_ended_by_people", type_="foreignkey")
        batch.drop_column("ended_by")
        batch.drop_column("ended_at")


def _conversation_people(*, nullable: bool, ondelete: str) -> None:
    with op.batch_alter_table("conversations") as batch:
        for column in ("speaker_id", "listener_id"):
            name = f"fk_conversations_{column}_people"
            batch.drop_constraint(name, type_="foreignkey")
            batch.alter_column(column, existing_type=sa.String(32), nullable=nullable)
            batch.create_foreign_key(name, "people", [column], ["id"], ondelete=ondelete)
