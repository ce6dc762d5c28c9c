"""reports: composite indexes for a unit's report on a large register (#12 item 10)

A commune's report reads its cases received by the end of the window, the support given to them in the window
and its outreach sessions in the window: each is one range of a (commune or case, date) index.

Revision ID: 8e4a1c7b2f30
Revises: a7d41c9e2f60
Create Date: 2026-12-02 04:50:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '8e4a1c7b2f30'
down_revision = 'a7d41c9e2f60'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_case_file_commune_code_reception_date', 'case_file', ['commune_code', 'reception_date'])
    op.create_index('ix_support_event_case_id_given_on', 'support_event', ['case_id', 'given_on'])
    op.create_index('ix_outreach_session_commune_code_held_on', 'outreach_session', ['commune_code', 'held_on'])


def downgrade():
    op.drop_index('ix_outreach_session_commune_code_held_on', table_name='outreach_session')
    op.drop_index('ix_support_event_case_id_given_on', table_name='support_event')
    op.drop_index('ix_case_file_commune_code_reception_date', table_name='case_file')
