"""therapist invites: a therapist's own code waits for a couple (link without a couple yet)

Revision ID: 0013
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("therapist_links") as batch:
        batch.alter_column("couple_id", existing_type=sa.String(length=32), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM therapist_links WHERE couple_id IS NULL")
    with op.batch_alter_table("therapist_links") as batch:
        batch.alter_column("couple_id", existing_type=sa.String(length=32), nullable=False)
