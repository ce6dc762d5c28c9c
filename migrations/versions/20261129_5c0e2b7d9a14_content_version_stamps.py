"""content version stamps: workers cache the catalogues until the stamp changes

Revision ID: 5c0e2b7d9a14
Revises: 91a5e95f0b41
Create Date: 2026-11-30 00:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c0e2b7d9a14'
down_revision = '91a5e95f0b41'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table('content_version',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_content_version'))
    )
    op.bulk_insert(table, [{'name': 'catalogue', 'version': 0}])


def downgrade():
    op.drop_table('content_version')
