"""outreach sessions and key areas

Revision ID: 7c3e5a91d2b4
Revises: 5c0e2b7d9a14
Create Date: 2026-11-29 23:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c3e5a91d2b4'
down_revision = '5c0e2b7d9a14'
branch_labels = None
depends_on = None

# The outreach vocabularies as first shipped; the administrator edits them afterwards.
CATALOGUES = {
    "outreach_venue": [
        ("community_meeting", "Họp dân, sinh hoạt cộng đồng", "Community meeting"),
        ("school", "Trường học", "School"),
        ("market", "Chợ", "Market"),
        ("workplace", "Nơi làm việc, khu công nghiệp", "Workplace or industrial zone"),
        ("religious_site", "Cơ sở tôn giáo", "Religious site"),
        ("border_river", "Khu vực biên giới, sông nước", "Border or river area"),
        ("loudspeaker", "Phát thanh qua loa truyền thanh", "Loudspeaker broadcast"),
        ("online", "Mạng xã hội, trực tuyến", "Social media or online"),
        ("national_day", "Sự kiện Ngày toàn quốc phòng, chống mua bán người 30/7", "30 July national day event"),
        ("other", "Khác", "Other"),
    ],
    "outreach_topic": [
        ("tricks", "Thủ đoạn của đối tượng mua bán người", "Traffickers' tricks"),
        ("job_scams", "Lừa đảo việc làm qua mạng, đi xuất khẩu lao động", "Online job and labour-export scams"),
        ("marriage_brokering", "Môi giới kết hôn trái phép", "Marriage brokering"),
        ("safe_migration", "Di cư an toàn", "Safe migration"),
        ("law_2024", "Luật Phòng, chống mua bán người 2024 và quyền của nạn nhân",
         "The 2024 law and victims' rights"),
        ("support_available", "Các hỗ trợ hiện có và nơi hỏi", "Support available and where to ask"),
        ("hotline", "Tổng đài điện thoại nóng", "The hotline"),
        ("other", "Khác", "Other"),
    ],
    "outreach_group": [
        ("women", "Phụ nữ", "Women"),
        ("children", "Trẻ em, học sinh", "Children and pupils"),
        ("youth", "Thanh niên", "Youth"),
        ("parents", "Cha mẹ", "Parents"),
        ("ethnic_minorities", "Đồng bào dân tộc thiểu số", "Ethnic minorities"),
        ("migrant_workers", "Người lao động dự định đi làm việc ở nước ngoài", "Workers planning to go abroad"),
        ("high_risk", "Người có nguy cơ cao", "People at high risk"),
        ("general_public", "Người dân nói chung", "General public"),
    ],
}


def _seed_catalogues():
    table = sa.table("catalogue_entry", sa.column("vocabulary", sa.String), sa.column("code", sa.String),
                     sa.column("label_vi", sa.String), sa.column("label_en", sa.String),
                     sa.column("sort_order", sa.Integer), sa.column("active", sa.Boolean))
    rows = [
        {"vocabulary": vocabulary, "code": code, "label_vi": vi, "label_en": en, "sort_order": (n + 1) * 10,
         "active": True}
        for vocabulary, entries in CATALOGUES.items()
        for n, (code, vi, en) in enumerate(entries)
    ]
    op.bulk_insert(table, rows)


def upgrade():
    op.create_table('outreach_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('commune_code', sa.String(length=10), nullable=False),
    sa.Column('hamlet', sa.String(length=120), nullable=True),
    sa.Column('hamlet_key', sa.String(length=120), nullable=True),
    sa.Column('venue', sa.String(length=40), nullable=False),
    sa.Column('participants', sa.Integer(), nullable=True),
    sa.Column('women', sa.Integer(), nullable=True),
    sa.Column('children', sa.Integer(), nullable=True),
    sa.Column('reach', sa.Integer(), nullable=True),
    sa.Column('leaflets', sa.Integer(), nullable=False),
    sa.Column('posters', sa.Integer(), nullable=False),
    sa.Column('other_materials', sa.Integer(), nullable=False),
    sa.Column('organiser', sa.String(length=200), nullable=False),
    sa.Column('partners', sa.String(length=200), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['commune_code'], ['admin_unit.code'], name=op.f('fk_outreach_session_commune_code_admin_unit')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_outreach_session_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outreach_session'))
    )
    with op.batch_alter_table('outreach_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outreach_session_commune_code'), ['commune_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_outreach_session_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outreach_session_held_on'), ['held_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_outreach_session_venue'), ['venue'], unique=False)

    op.create_table('outreach_tag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('vocabulary', sa.String(length=40), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['outreach_session.id'], name=op.f('fk_outreach_tag_session_id_outreach_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outreach_tag')),
    sa.UniqueConstraint('session_id', 'vocabulary', 'code', name='uq_outreach_tag_session_id')
    )
    with op.batch_alter_table('outreach_tag', schema=None) as batch_op:
        batch_op.create_index('ix_outreach_tag_vocabulary_code', ['vocabulary', 'code'], unique=False)
        batch_op.create_index(batch_op.f('ix_outreach_tag_session_id'), ['session_id'], unique=False)

    op.create_table('key_area',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commune_code', sa.String(length=10), nullable=False),
    sa.Column('hamlet', sa.String(length=120), nullable=True),
    sa.Column('hamlet_key', sa.String(length=120), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['commune_code'], ['admin_unit.code'], name=op.f('fk_key_area_commune_code_admin_unit')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_key_area_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_key_area'))
    )
    with op.batch_alter_table('key_area', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_key_area_commune_code'), ['commune_code'], unique=False)

    _seed_catalogues()


def downgrade():
    op.execute(sa.text("DELETE FROM catalogue_entry WHERE vocabulary IN "
                       "('outreach_venue', 'outreach_topic', 'outreach_group')"))
    with op.batch_alter_table('key_area', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_key_area_commune_code'))
    op.drop_table('key_area')
    with op.batch_alter_table('outreach_tag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outreach_tag_session_id'))
        batch_op.drop_index('ix_outreach_tag_vocabulary_code')
    op.drop_table('outreach_tag')
    with op.batch_alter_table('outreach_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outreach_session_venue'))
        batch_op.drop_index(batch_op.f('ix_outreach_session_held_on'))
        batch_op.drop_index(batch_op.f('ix_outreach_session_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_outreach_session_commune_code'))
    op.drop_table('outreach_session')
