"""submission ids belong to their account: primary key (user_id, id)

The same browser-made id sent from two accounts is two submissions; an
account never learns whether another one used an id.

Revision ID: 91a5e95f0b41
Revises: 7b1e0c4d9a21
Create Date: 2026-11-29 23:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '91a5e95f0b41'
down_revision = '7b1e0c4d9a21'
branch_labels = None
depends_on = None


def upgrade():
    # Every create is made by a signed-in account; a row without one could never be replayed.
    op.execute("DELETE FROM submission WHERE user_id IS NULL")
    with op.batch_alter_table('submission', schema=None, recreate='always') as batch_op:
        batch_op.drop_index(batch_op.f('ix_submission_user_id'))
        batch_op.drop_constraint('pk_submission', type_='primary')
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_primary_key('pk_submission', ['user_id', 'id'])


def downgrade():
    # Ids two accounts share cannot both stay under a primary key on id alone: keep the first.
    op.execute("DELETE FROM submission WHERE EXISTS (SELECT 1 FROM submission AS older "
               "WHERE older.id = submission.id AND older.user_id < submission.user_id)")
    with op.batch_alter_table('submission', schema=None, recreate='always') as batch_op:
        batch_op.drop_constraint('pk_submission', type_='primary')
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_primary_key('pk_submission', ['id'])
        batch_op.create_index(batch_op.f('ix_submission_user_id'), ['user_id'], unique=False)
