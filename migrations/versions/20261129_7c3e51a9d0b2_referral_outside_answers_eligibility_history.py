"""outside agencies' answers, one open referral per receiver, eligibility history, still abroad, cancelled support

Revision ID: 7c3e51a9d0b2
Revises: cc34aecc0a58
Create Date: 2026-11-29 23:55:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c3e51a9d0b2'
down_revision = 'cc34aecc0a58'
branch_labels = None
depends_on = None


def _open_where(column):
    return sa.text(f"status IN ('sent', 'accepted') AND {column} IS NOT NULL")


def upgrade():
    op.create_table('referral_outside_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=False),
    sa.Column('answered_by', sa.String(length=120), nullable=False),
    sa.Column('note', sa.String(length=1000), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_referral_outside_answer_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], name=op.f('fk_referral_outside_answer_referral_id_referral')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_outside_answer'))
    )
    with op.batch_alter_table('referral_outside_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_outside_answer_referral_id'), ['referral_id'], unique=False)

    op.create_table('eligibility_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('legal_regime', sa.String(length=4), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('before', sa.Text(), nullable=False),
    sa.Column('after', sa.Text(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_eligibility_change_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_eligibility_change'))
    )
    with op.batch_alter_table('eligibility_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_eligibility_change_legal_regime'), ['legal_regime'], unique=False)

    # At most one open referral of a case to one receiver (an agency or a commune), even when two sends race.
    with op.batch_alter_table('referral', schema=None) as batch_op:
        for column in ('to_agency_id', 'to_commune_code'):
            batch_op.create_index(f'uq_referral_open_{column}', ['case_id', column], unique=True,
                                  sqlite_where=_open_where(column), postgresql_where=_open_where(column))

    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.add_column(sa.Column('still_abroad', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('support_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancellation_reason', sa.String(length=500), nullable=True))

    with op.batch_alter_table('eligibility_rule', schema=None) as batch_op:
        batch_op.add_column(sa.Column('needs_confirmation', sa.Boolean(), server_default=sa.false(), nullable=False))
    # The 2011 rows were seeded from a first reading of the law: the province confirms them on the eligibility page.
    rules = sa.table('eligibility_rule', sa.column('legal_regime', sa.String), sa.column('needs_confirmation', sa.Boolean))
    op.execute(rules.update().where(rules.c.legal_regime == '2011').values(needs_confirmation=True))


def downgrade():
    with op.batch_alter_table('eligibility_rule', schema=None) as batch_op:
        batch_op.drop_column('needs_confirmation')
    with op.batch_alter_table('support_event', schema=None) as batch_op:
        batch_op.drop_column('cancellation_reason')
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.drop_column('still_abroad')
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_index('uq_referral_open_to_commune_code')
        batch_op.drop_index('uq_referral_open_to_agency_id')
    with op.batch_alter_table('eligibility_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_eligibility_change_legal_regime'))
    op.drop_table('eligibility_change')
    with op.batch_alter_table('referral_outside_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_outside_answer_referral_id'))
    op.drop_table('referral_outside_answer')
