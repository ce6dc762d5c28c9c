"""follow-up visits: who is assigned, the purpose, whom the visit met, a risk flag

Revision ID: 7c1e5a0f3b92
Revises: 7c3e51a9d0b2
Create Date: 2026-11-29 23:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c1e5a0f3b92'
down_revision = '7c3e51a9d0b2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assigned_to_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('purpose', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('note', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('met_with', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('risk_noted', sa.Boolean(), server_default='0', nullable=False))
        batch_op.create_index(batch_op.f('ix_follow_up_assigned_to_id'), ['assigned_to_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_follow_up_assigned_to_id_user_account'), 'user_account',
                                    ['assigned_to_id'], ['id'])


def downgrade():
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_follow_up_assigned_to_id_user_account'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_follow_up_assigned_to_id'))
        batch_op.drop_column('risk_noted')
        batch_op.drop_column('met_with')
        batch_op.drop_column('note')
        batch_op.drop_column('purpose')
        batch_op.drop_column('assigned_to_id')
