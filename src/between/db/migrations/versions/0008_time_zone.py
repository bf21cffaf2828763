"""time zone and first steps: each person's own clock, and the first-run steps they took

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("time_zone", sa.String(64), nullable=False, server_default="UTC"))
        batch.add_column(sa.Column("first_steps", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("first_steps")
        batch.drop_column("time_zone")
