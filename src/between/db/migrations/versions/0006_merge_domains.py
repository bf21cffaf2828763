"""merge the domain branches (safety, coach, assessments, moment drafts) into one head

Each domain's tables were added on a branch from 0001 so the domains could land
independently; from here on migrations continue from this single head.

Revision ID: 0006
Revises: 0002, 0003, 0004, 0005
"""

revision = "0006"
down_revision = ("0002", "0003", "0004", "0005")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
