"""plan targets, supervision visits with their recommendations, and yearly budget estimates

Revision ID: a7d41c9e2f60
Revises: 5b7e0c2d9a14
Create Date: 2026-12-02 04:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7d41c9e2f60'
down_revision = '5b7e0c2d9a14'
branch_labels = None
depends_on = None


def _stamps():
    return [sa.Column('created_at', sa.DateTime(), nullable=False),
            sa.Column('updated_at', sa.DateTime(), nullable=False)]


def upgrade():
    op.create_table('plan_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator', sa.String(length=30), nullable=False),
    sa.Column('target_percent', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    *_stamps(),
    sa.ForeignKeyConstraint(['changed_by_id'], ['user_account.id'], name=op.f('fk_plan_target_changed_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_target')),
    sa.UniqueConstraint('indicator', name=op.f('uq_plan_target_indicator'))
    )
    op.create_table('budget_estimate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('unit_kind', sa.String(length=10), nullable=False),
    sa.Column('unit_code', sa.String(length=20), nullable=False),
    sa.Column('regime', sa.String(length=40), nullable=False),
    sa.Column('amount_vnd', sa.BigInteger(), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    *_stamps(),
    sa.ForeignKeyConstraint(['entered_by_id'], ['user_account.id'], name=op.f('fk_budget_estimate_entered_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_estimate')),
    sa.UniqueConstraint('year', 'unit_kind', 'unit_code', 'regime', name='uq_budget_estimate')
    )
    op.create_table('supervision_visit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visited_on', sa.Date(), nullable=False),
    sa.Column('commune_code', sa.String(length=10), nullable=False),
    sa.Column('team', sa.String(length=500), nullable=False),
    sa.Column('checked', sa.Text(), nullable=False),
    sa.Column('findings', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    *_stamps(),
    sa.ForeignKeyConstraint(['commune_code'], ['admin_unit.code'], name=op.f('fk_supervision_visit_commune_code_admin_unit')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_supervision_visit_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervision_visit'))
    )
    op.create_index(op.f('ix_supervision_visit_visited_on'), 'supervision_visit', ['visited_on'], unique=False)
    op.create_index(op.f('ix_supervision_visit_commune_code'), 'supervision_visit', ['commune_code'], unique=False)
    op.create_table('supervision_recommendation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('done_note', sa.Text(), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    *_stamps(),
    sa.ForeignKeyConstraint(['visit_id'], ['supervision_visit.id'], name=op.f('fk_supervision_recommendation_visit_id_supervision_visit')),
    sa.ForeignKeyConstraint(['done_by_id'], ['user_account.id'], name=op.f('fk_supervision_recommendation_done_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervision_recommendation'))
    )
    op.create_index(op.f('ix_supervision_recommendation_visit_id'), 'supervision_recommendation', ['visit_id'], unique=False)
    op.create_index(op.f('ix_supervision_recommendation_due_on'), 'supervision_recommendation', ['due_on'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_supervision_recommendation_due_on'), table_name='supervision_recommendation')
    op.drop_index(op.f('ix_supervision_recommendation_visit_id'), table_name='supervision_recommendation')
    op.drop_table('supervision_recommendation')
    op.drop_index(op.f('ix_supervision_visit_commune_code'), table_name='supervision_visit')
    op.drop_index(op.f('ix_supervision_visit_visited_on'), table_name='supervision_visit')
    op.drop_table('supervision_visit')
    op.drop_table('budget_estimate')
    op.drop_table('plan_target')
