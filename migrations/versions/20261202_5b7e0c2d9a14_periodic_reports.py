"""reports: reporting periods and the versions of each unit's periodic report, with frozen figures

Revision ID: 5b7e0c2d9a14
Revises: 3f8d2a6c1e47
Create Date: 2026-12-02 04:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b7e0c2d9a14'
down_revision = '3f8d2a6c1e47'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('report_period',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['user_account.id'], name=op.f('fk_report_period_changed_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_period')),
    sa.UniqueConstraint('year', 'kind', name='uq_report_period_year_kind')
    )
    op.create_table('report_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('unit_kind', sa.String(length=10), nullable=False),
    sa.Column('unit_code', sa.String(length=20), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('results', sa.Text(), nullable=True),
    sa.Column('difficulties', sa.Text(), nullable=True),
    sa.Column('proposals', sa.Text(), nullable=True),
    sa.Column('figures', sa.Text(), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('lock', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_report_version_decided_by_id_user_account')),
    sa.ForeignKeyConstraint(['period_id'], ['report_period.id'], name=op.f('fk_report_version_period_id_report_period')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['user_account.id'], name=op.f('fk_report_version_submitted_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_version')),
    sa.UniqueConstraint('period_id', 'unit_kind', 'unit_code', 'number', name='uq_report_version_number')
    )
    with op.batch_alter_table('report_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_version_period_id'), ['period_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_version_status'), ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('report_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_version_status'))
        batch_op.drop_index(batch_op.f('ix_report_version_period_id'))
    op.drop_table('report_version')
    op.drop_table('report_period')
