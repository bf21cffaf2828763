"""therapist links: a couple's consent to one therapist, active once both partners accept

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "therapist_links",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("couple_id", sa.String(length=32), nullable=False),
        sa.Column("therapist_id", sa.String(length=32), nullable=True),
        sa.Column("code_hash", sa.String(length=64), nullable=True),
        sa.Column("created_by", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["couple_id"], ["couples.id"],
                                name=op.f("fk_therapist_links_couple_id_couples"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["therapist_id"], ["people.id"],
                                name=op.f("fk_therapist_links_therapist_id_people"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by"], ["people.id"],
                                name=op.f("fk_therapist_links_created_by_people"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["revoked_by"], ["people.id"],
                                name=op.f("fk_therapist_links_revoked_by_people"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_therapist_links")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_therapist_links_code_hash")),
    )
    with op.batch_alter_table("therapist_links") as batch:
        batch.create_index(batch.f("ix_therapist_links_couple_id"), ["couple_id"], unique=False)
        batch.create_index(batch.f("ix_therapist_links_therapist_id"), ["therapist_id"], unique=False)
    op.create_table(
        "therapist_link_acceptances",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("link_id", sa.String(length=32), nullable=False),
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["link_id"], ["therapist_links.id"],
                                name=op.f("fk_therapist_link_acceptances_link_id_therapist_links"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"],
                                name=op.f("fk_therapist_link_acceptances_person_id_people"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_therapist_link_acceptances")),
        sa.UniqueConstraint("link_id", "person_id",
                            name=op.f("uq_therapist_link_acceptances_link_id_person_id")),
    )
    with op.batch_alter_table("therapist_link_acceptances") as batch:
        batch.create_index(batch.f("ix_therapist_link_acceptances_link_id"), ["link_id"], unique=False)
        batch.create_index(batch.f("ix_therapist_link_acceptances_person_id"), ["person_id"],
                           unique=False)


def downgrade() -> None:
    op.drop_table("therapist_link_acceptances")
    op.drop_table("therapist_links")
