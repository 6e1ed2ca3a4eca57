"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 17:42:59.156792
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('authorities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('name_key', sa.String(length=120), nullable=False),
    sa.Column('dcs_user_id', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_authorities')),
    sa.UniqueConstraint('team_id', 'name_key', name=op.f('uq_authorities_team_id_name_key'))
    )
    op.create_table('channel_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('channel_id', sa.String(length=32), nullable=False),
    sa.Column('error', sa.String(length=64), nullable=False),
    sa.Column('notified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_failures')),
    sa.UniqueConstraint('team_id', 'channel_id', name=op.f('uq_channel_failures_team_id_channel_id'))
    )
    op.create_table('coordinators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('added_by', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coordinators')),
    sa.UniqueConstraint('team_id', 'user_id', name=op.f('uq_coordinators_team_id_user_id'))
    )
    op.create_table('processed_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('request_key', sa.String(length=200), nullable=False),
    sa.Column('reply', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_processed_requests')),
    sa.UniqueConstraint('team_id', 'request_key', name=op.f('uq_processed_requests_team_id_request_key'))
    )
    op.create_table('rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('name_key', sa.String(length=120), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('plan_config', sa.JSON(), nullable=True),
    sa.Column('created_by', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rounds')),
    sa.UniqueConstraint('team_id', 'name_key', name=op.f('uq_rounds_team_id_name_key'))
    )
    op.create_table('authority_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('authority_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['authority_id'], ['authorities.id'], name=op.f('fk_authority_members_authority_id_authorities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_authority_members')),
    sa.UniqueConstraint('authority_id', 'user_id', name=op.f('uq_authority_members_authority_id_user_id'))
    )
    op.create_table('triads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('host_id', sa.Integer(), nullable=False),
    sa.Column('visitor_id', sa.Integer(), nullable=False),
    sa.Column('observer_id', sa.Integer(), nullable=False),
    sa.Column('channel_id', sa.String(length=32), nullable=True),
    sa.Column('channel_name', sa.String(length=80), nullable=True),
    sa.Column('feedback_format', sa.String(length=20), nullable=True),
    sa.Column('feedback_agreed_by', sa.String(length=32), nullable=True),
    sa.Column('follow_up_status', sa.String(length=20), nullable=True),
    sa.Column('follow_up_answered_by', sa.String(length=32), nullable=True),
    sa.Column('created_by', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['host_id'], ['authorities.id'], name=op.f('fk_triads_host_id_authorities')),
    sa.ForeignKeyConstraint(['observer_id'], ['authorities.id'], name=op.f('fk_triads_observer_id_authorities')),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_triads_round_id_rounds')),
    sa.ForeignKeyConstraint(['visitor_id'], ['authorities.id'], name=op.f('fk_triads_visitor_id_authorities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_triads')),
    sa.UniqueConstraint('team_id', 'number', name=op.f('uq_triads_team_id_number'))
    )
    with op.batch_alter_table('triads', schema=None) as batch_op:
        batch_op.create_index('ix_triads_team_channel', ['team_id', 'channel_id'], unique=False)

    op.create_table('actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('triad_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('owner_user_id', sa.String(length=32), nullable=False),
    sa.Column('due_text', sa.String(length=120), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('focus_number', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_by', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['triad_id'], ['triads.id'], name=op.f('fk_actions_triad_id_triads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actions')),
    sa.UniqueConstraint('triad_id', 'number', name=op.f('uq_actions_triad_id_number'))
    )
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actions_owner_user_id'), ['owner_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_actions_team_id'), ['team_id'], unique=False)

    op.create_table('focus_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('triad_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('proposed_by', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('host_agreed_by', sa.String(length=32), nullable=True),
    sa.Column('visitor_agreed_by', sa.String(length=32), nullable=True),
    sa.Column('pinned_ts', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['triad_id'], ['triads.id'], name=op.f('fk_focus_lines_triad_id_triads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_focus_lines')),
    sa.UniqueConstraint('triad_id', 'number', name=op.f('uq_focus_lines_triad_id_number'))
    )
    op.create_table('interviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('triad_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('slot_text', sa.String(length=120), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.Column('stakeholder', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('interviewers', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['triad_id'], ['triads.id'], name=op.f('fk_interviews_triad_id_triads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interviews')),
    sa.UniqueConstraint('triad_id', 'number', name=op.f('uq_interviews_triad_id_number'))
    )
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interviews_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_interviews_team_id'), ['team_id'], unique=False)

    op.create_table('reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('triad_id', sa.Integer(), nullable=True),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('recipient', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('claimed_by', sa.String(length=64), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('error', sa.String(length=200), nullable=True),
    sa.Column('message_channel', sa.String(length=32), nullable=True),
    sa.Column('message_ts', sa.String(length=32), nullable=True),
    sa.Column('created_by', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['triad_id'], ['triads.id'], name=op.f('fk_reminders_triad_id_triads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminders')),
    sa.UniqueConstraint('team_id', 'triad_id', 'key', name=op.f('uq_reminders_team_id_triad_id_key'))
    )
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.create_index('ix_reminders_status_due', ['status', 'due_at'], unique=False)

    op.create_table('steps_done',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('triad_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=32), nullable=False),
    sa.Column('done_by', sa.String(length=32), nullable=True),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['triad_id'], ['triads.id'], name=op.f('fk_steps_done_triad_id_triads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_steps_done')),
    sa.UniqueConstraint('triad_id', 'step', name=op.f('uq_steps_done_triad_id_step'))
    )
    op.create_table('triad_dates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('triad_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.String(length=120), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=False),
    sa.Column('precision', sa.String(length=20), nullable=False),
    sa.Column('provisional', sa.Boolean(), nullable=False),
    sa.Column('set_by', sa.String(length=32), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['triad_id'], ['triads.id'], name=op.f('fk_triad_dates_triad_id_triads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_triad_dates')),
    sa.UniqueConstraint('triad_id', 'kind', name=op.f('uq_triad_dates_triad_id_kind'))
    )
    op.create_table('action_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_action_notes_action_id_actions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_notes'))
    )



def downgrade() -> None:

    op.drop_table('action_notes')
    op.drop_table('triad_dates')
    op.drop_table('steps_done')
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.drop_index('ix_reminders_status_due')

    op.drop_table('reminders')
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interviews_team_id'))
        batch_op.drop_index(batch_op.f('ix_interviews_day'))

    op.drop_table('interviews')
    op.drop_table('focus_lines')
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_actions_team_id'))
        batch_op.drop_index(batch_op.f('ix_actions_owner_user_id'))

    op.drop_table('actions')
    with op.batch_alter_table('triads', schema=None) as batch_op:
        batch_op.drop_index('ix_triads_team_channel')

    op.drop_table('triads')
    op.drop_table('authority_members')
    op.drop_table('rounds')
    op.drop_table('processed_requests')
    op.drop_table('coordinators')
    op.drop_table('channel_failures')
    op.drop_table('authorities')

