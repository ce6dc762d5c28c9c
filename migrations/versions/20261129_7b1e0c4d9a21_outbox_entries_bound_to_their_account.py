"""outbox entries bound to their account; refused entries counted per account

Revision ID: 7b1e0c4d9a21
Revises: 7c1e5a0f3b92
Create Date: 2026-11-29 23:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7b1e0c4d9a21'
down_revision = '7c1e5a0f3b92'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sealing_key', schema=None) as batch_op:
        batch_op.add_column(sa.Column('legacy', sa.Boolean(), server_default=sa.false(), nullable=False))
    # Keys that exist now sealed entries before binding: phones may still hold such entries.
    op.execute(sa.text("UPDATE sealing_key SET legacy = :yes").bindparams(yes=True))

    op.create_table('outbox_binding_key',
    sa.Column('kid', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('secret', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_outbox_binding_key_user_id_user_account')),
    sa.PrimaryKeyConstraint('kid', name=op.f('pk_outbox_binding_key'))
    )
    with op.batch_alter_table('outbox_binding_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_binding_key_user_id'), ['user_id'], unique=False)

    op.create_table('outbox_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_outbox_event_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_event'))
    )
    with op.batch_alter_table('outbox_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_event_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('outbox_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_event_user_id'))
    op.drop_table('outbox_event')
    with op.batch_alter_table('outbox_binding_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_binding_key_user_id'))
    op.drop_table('outbox_binding_key')
    with op.batch_alter_table('sealing_key', schema=None) as batch_op:
        batch_op.drop_column('legacy')
