"""moment drafts: what a person typed and has not saved yet

Revision ID: 0005
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

from between.db.base import UTCDateTime

revision = "0005"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "moment_drafts",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("owner_id", sa.String(length=32), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["people.id"], name=op.f("fk_moment_drafts_owner_id_people"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moment_drafts")),
        sa.UniqueConstraint("owner_id", name=op.f("uq_moment_drafts_owner_id")),
    )


def downgrade() -> None:
    op.drop_table("moment_drafts")
