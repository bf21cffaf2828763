"""coach: slow-down progress, softening conversations, their turns and drafts

Revision ID: 0003
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('conversations',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('couple_id', sa.String(length=32), nullable=False),
    sa.Column('speaker_id', sa.String(length=32), nullable=False),
    sa.Column('listener_id', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('step', sa.String(length=16), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('closed_by', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['couple_id'], ['couples.id'], name=op.f('fk_conversations_couple_id_couples'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['listener_id'], ['people.id'], name=op.f('fk_conversations_listener_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['speaker_id'], ['people.id'], name=op.f('fk_conversations_speaker_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversations'))
    )
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversations_couple_id'), ['couple_id'], unique=False)
    op.create_table('conversation_drafts',
    sa.Column('conversation_id', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('visibility', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('owner_id', sa.String(length=32), nullable=False),
    sa.Column('couple_id', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_conversation_drafts_conversation_id_conversations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['couple_id'], ['couples.id'], name=op.f('fk_conversation_drafts_couple_id_couples'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_conversation_drafts_owner_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation_drafts')),
    sa.UniqueConstraint('conversation_id', 'owner_id', name=op.f('uq_conversation_drafts_conversation_id_owner_id'))
    )
    with op.batch_alter_table('conversation_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversation_drafts_conversation_id'), ['conversation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conversation_drafts_couple_id'), ['couple_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conversation_drafts_owner_id'), ['owner_id'], unique=False)
    op.create_table('conversation_turns',
    sa.Column('conversation_id', sa.String(length=32), nullable=False),
    sa.Column('step', sa.String(length=16), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('confirmed', sa.Boolean(), nullable=True),
    sa.Column('analysis', sa.JSON(), nullable=True),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('visibility', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('owner_id', sa.String(length=32), nullable=False),
    sa.Column('couple_id', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_conversation_turns_conversation_id_conversations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['couple_id'], ['couples.id'], name=op.f('fk_conversation_turns_couple_id_couples'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_conversation_turns_owner_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation_turns'))
    )
    with op.batch_alter_table('conversation_turns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversation_turns_conversation_id'), ['conversation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conversation_turns_couple_id'), ['couple_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conversation_turns_owner_id'), ['owner_id'], unique=False)
    op.create_table('slowdowns',
    sa.Column('step', sa.String(length=16), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('break_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('moment_id', sa.String(length=32), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('visibility', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('owner_id', sa.String(length=32), nullable=False),
    sa.Column('couple_id', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['couple_id'], ['couples.id'], name=op.f('fk_slowdowns_couple_id_couples'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['moment_id'], ['moments.id'], name=op.f('fk_slowdowns_moment_id_moments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_slowdowns_owner_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slowdowns'))
    )
    with op.batch_alter_table('slowdowns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_slowdowns_couple_id'), ['couple_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_slowdowns_owner_id'), ['owner_id'], unique=False)


def downgrade() -> None:
    op.drop_table('slowdowns')
    op.drop_table('conversation_turns')
    op.drop_table('conversation_drafts')
    op.drop_table('conversations')
