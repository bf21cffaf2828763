"""therapist invite by email: the therapist's account email, kept only on an invited link

Revision ID: 0015
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("therapist_links") as batch:
        batch.add_column(sa.Column("invite_email", sa.String(length=254), nullable=True))
        batch.create_index(batch.f("ix_therapist_links_invite_email"), ["invite_email"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("therapist_links") as batch:
        batch.drop_index(batch.f("ix_therapist_links_invite_email"))
        batch.drop_column("invite_email")
