"""attachment reflections: each person's guided reflection on their attachment story

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachment_reflections",
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("owner_id", sa.String(length=32), nullable=False),
        sa.Column("couple_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["couple_id"], ["couples.id"],
                                name=op.f("fk_attachment_reflections_couple_id_couples"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["owner_id"], ["people.id"],
                                name=op.f("fk_attachment_reflections_owner_id_people"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment_reflections")),
    )
    with op.batch_alter_table("attachment_reflections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachment_reflections_couple_id"), ["couple_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_attachment_reflections_owner_id"), ["owner_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("attachment_reflections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_reflections_owner_id"))
        batch_op.drop_index(batch_op.f("ix_attachment_reflections_couple_id"))
    op.drop_table("attachment_reflections")
