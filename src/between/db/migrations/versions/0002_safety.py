"""safety: safety states, check-in results, safety plans, preferences

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 01:20:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('safety_check_ins',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('person_id', sa.String(length=32), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('kinds', sa.JSON(), nullable=False),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('urgency', sa.String(length=8), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('declined', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_safety_check_ins_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_safety_check_ins'))
    )
    with op.batch_alter_table('safety_check_ins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safety_check_ins_person_id'), ['person_id'], unique=False)

    op.create_table('safety_plans',
    sa.Column('person_id', sa.String(length=32), nullable=False),
    sa.Column('entries', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_safety_plans_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_safety_plans'))
    )
    op.create_table('safety_preferences',
    sa.Column('person_id', sa.String(length=32), nullable=False),
    sa.Column('hide_app_name', sa.Boolean(), nullable=False),
    sa.Column('locale', sa.String(length=35), nullable=True),
    sa.Column('therapist_alert_consent', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_safety_preferences_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_safety_preferences'))
    )
    op.create_table('safety_states',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('person_id', sa.String(length=32), nullable=False),
    sa.Column('couple_id', sa.String(length=32), nullable=True),
    sa.Column('kinds', sa.JSON(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cleared_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('therapist_alert_consented', sa.Boolean(), nullable=False),
    sa.Column('notice_pending', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['couple_id'], ['couples.id'], name=op.f('fk_safety_states_couple_id_couples'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_safety_states_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_safety_states'))
    )
    with op.batch_alter_table('safety_states', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safety_states_couple_id'), ['couple_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_safety_states_person_id'), ['person_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('safety_states', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_safety_states_person_id'))
        batch_op.drop_index(batch_op.f('ix_safety_states_couple_id'))

    op.drop_table('safety_states')
    op.drop_table('safety_preferences')
    op.drop_table('safety_plans')
    with op.batch_alter_table('safety_check_ins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_safety_check_ins_person_id'))

    op.drop_table('safety_check_ins')
