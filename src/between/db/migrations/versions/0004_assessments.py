"""assessments: check-ins and each couple's check-in schedule

Revision ID: 0004
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "check_ins",
        sa.Column("instrument", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("owner_id", sa.String(length=32), nullable=False),
        sa.Column("couple_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["couple_id"], ["couples.id"],
                                name=op.f("fk_check_ins_couple_id_couples"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["owner_id"], ["people.id"],
                                name=op.f("fk_check_ins_owner_id_people"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_ins")),
    )
    with op.batch_alter_table("check_ins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_check_ins_couple_id"), ["couple_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_check_ins_instrument"), ["instrument"], unique=False)
        batch_op.create_index(batch_op.f("ix_check_ins_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_check_ins_taken_at"), ["taken_at"], unique=False)

    op.create_table(
        "check_in_schedules",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("couple_id", sa.String(length=32), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["couple_id"], ["couples.id"],
                                name=op.f("fk_check_in_schedules_couple_id_couples"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["updated_by"], ["people.id"],
                                name=op.f("fk_check_in_schedules_updated_by_people"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_in_schedules")),
        sa.UniqueConstraint("couple_id", name=op.f("uq_check_in_schedules_couple_id")),
    )


def downgrade() -> None:
    op.drop_table("check_in_schedules")
    with op.batch_alter_table("check_ins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_check_ins_taken_at"))
        batch_op.drop_index(batch_op.f("ix_check_ins_owner_id"))
        batch_op.drop_index(batch_op.f("ix_check_ins_instrument"))
        batch_op.drop_index(batch_op.f("ix_check_ins_couple_id"))
    op.drop_table("check_ins")
