"""support offer: a private, one-time offer of support after a text that may be about risk

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("safety_preferences") as batch:
        batch.add_column(sa.Column("support_offer_pending", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("safety_preferences") as batch:
        batch.drop_column("support_offer_pending")
