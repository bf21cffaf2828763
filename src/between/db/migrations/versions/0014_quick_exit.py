"""quick exit ends the session: a per-person setting, on by default

Revision ID: 0014
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("safety_preferences") as batch:
        batch.add_column(sa.Column("quick_exit_logout", sa.Boolean(), nullable=False,
                                   server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("safety_preferences") as batch:
        batch.drop_column("quick_exit_logout")
