"""therapy workspace: the session arc, the EFT stage tracker, the therapist's private notes

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _owned(table: str) -> list:
    return [
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("couple_id", sa.String(length=32), nullable=False),
        sa.Column("therapist_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["couple_id"], ["couples.id"],
                                name=op.f(f"fk_{table}_couple_id_couples"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["therapist_id"], ["people.id"],
                                name=op.f(f"fk_{table}_therapist_id_people"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def _indexes(table: str, *columns: str) -> None:
    with op.batch_alter_table(table) as batch:
        for column in columns:
            batch.create_index(batch.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "therapy_sessions", *_owned("therapy_sessions"),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("partner_id", sa.String(length=32), nullable=True),
        sa.Column("scheduled_for", sa.DateTime(timezone=True), nullable=False),
        sa.Column("held_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("shared_with_partner", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["partner_id"], ["people.id"],
                                name=op.f("fk_therapy_sessions_partner_id_people"), ondelete="CASCADE"),
    )
    _indexes("therapy_sessions", "couple_id", "therapist_id", "partner_id")
    op.create_table(
        "therapy_stage_marks", *_owned("therapy_stage_marks"),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
    )
    _indexes("therapy_stage_marks", "couple_id", "therapist_id")
    op.create_table(
        "therapy_notes", *_owned("therapy_notes"),
        sa.Column("session_id", sa.String(length=32), nullable=True),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["therapy_sessions.id"],
                                name=op.f("fk_therapy_notes_session_id_therapy_sessions"),
                                ondelete="SET NULL"),
    )
    _indexes("therapy_notes", "couple_id", "therapist_id")


def downgrade() -> None:
    op.drop_table("therapy_notes")
    op.drop_table("therapy_stage_marks")
    op.drop_table("therapy_sessions")
