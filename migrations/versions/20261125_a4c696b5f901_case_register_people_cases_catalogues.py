"""case register: people, cases, catalogues

Revision ID: a4c696b5f901
Revises: d5761cd01add
Create Date: 2026-11-25 14:27:36.411968

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4c696b5f901'
down_revision = 'd5761cd01add'
branch_labels = None
depends_on = None

# The catalogues as first shipped; the administrator edits them afterwards (labels, order, retiring entries).
ETHNIC_GROUPS = [
    "Kinh", "Tày", "Thái", "Hoa", "Khơ-me", "Mường", "Nùng", "Mông", "Dao", "Gia-rai", "Ngái", "Ê-đê", "Ba-na",
    "Xơ-đăng", "Sán Chay", "Cơ-ho", "Chăm", "Sán Dìu", "Hrê", "Mnông", "Ra-glai", "Xtiêng", "Bru-Vân Kiều", "Thổ",
    "Giáy", "Cơ-tu", "Gié-Triêng", "Mạ", "Khơ-mú", "Co", "Ta-ôi", "Chơ-ro", "Kháng", "Xinh-mun", "Hà Nhì", "Chu-ru",
    "Lào", "La Chí", "La Ha", "Phù Lá", "La Hủ", "Lự", "Lô Lô", "Chứt", "Mảng", "Pà Thẻn", "Cờ Lao", "Cống", "Bố Y",
    "Si La", "Pu Péo", "Brâu", "Ơ-đu", "Rơ-măm",
]
ETHNIC_GROUPS_EN = [
    "Kinh", "Tay", "Thai", "Hoa (Chinese)", "Khmer", "Muong", "Nung", "Hmong", "Dao", "Gia Rai", "Ngai", "Ede",
    "Ba Na", "Xo Dang", "San Chay", "Co Ho", "Cham", "San Diu", "Hre", "Mnong", "Raglai", "Xtieng", "Bru-Van Kieu",
    "Tho", "Giay", "Co Tu", "Gie Trieng", "Ma", "Kho Mu", "Co", "Ta Oi", "Cho Ro", "Khang", "Xinh Mun", "Ha Nhi",
    "Chu Ru", "Lao", "La Chi", "La Ha", "Phu La", "La Hu", "Lu", "Lo Lo", "Chut", "Mang", "Pa Then", "Co Lao",
    "Cong", "Bo Y", "Si La", "Pu Peo", "Brau", "O Du", "Ro Mam",
]
CATALOGUES = {
    "purpose": [
        ("sexual_exploitation", "Bóc lột tình dục", "Sexual exploitation"),
        ("forced_labour", "Cưỡng bức lao động", "Forced labour"),
        ("scam_compound", "Cưỡng bức lao động tại cơ sở lừa đảo trực tuyến", "Forced work in an online-scam compound"),
        ("organ_removal", "Lấy bộ phận cơ thể người", "Removal of organs or body parts"),
        ("other_inhumane", "Mục đích vô nhân đạo khác", "Other inhumane purposes"),
        ("material_benefit", "Vì tiền, tài sản, lợi ích vật chất khác", "For money or other material benefit"),
        ("forced_marriage", "Cưỡng ép kết hôn", "Forced marriage"),
        ("forced_begging", "Cưỡng bức ăn xin", "Forced begging"),
        ("forced_childbearing", "Cưỡng ép mang thai, sinh con, mang thai hộ", "Forced childbearing or surrogacy"),
        ("forced_criminality", "Cưỡng bức thực hiện hành vi phạm tội", "Forced criminality"),
        ("child_labour", "Bóc lột lao động trẻ em", "Child labour"),
        ("newborn_sale", "Mua bán thai nhi, trẻ sơ sinh", "Sale of a foetus or newborn"),
    ],
    "arrival_route": [
        ("foreign_handover", "Nước ngoài trao trả qua cửa khẩu", "Handed over by a foreign country at a border gate"),
        ("rescued", "Được công an, bộ đội biên phòng giải cứu", "Rescued by police or border guards"),
        ("returned_alone", "Tự trở về", "Returned on their own"),
        ("hotline", "Qua đường dây nóng", "Reported through the hotline"),
        ("other_province", "Tỉnh khác chuyển đến", "Referred from another province"),
        ("other", "Khác", "Other"),
    ],
    "border_gate": [
        ("dinh_ba", "Cửa khẩu quốc tế Dinh Bà", "Dinh Ba international border gate"),
        ("thuong_phuoc", "Cửa khẩu quốc tế Thường Phước", "Thuong Phuoc international border gate"),
        ("other", "Cửa khẩu khác", "Another border gate"),
    ],
    "risk_flag": [
        ("child", "Trẻ em", "Child"),
        ("pregnant", "Đang mang thai", "Pregnant"),
        ("disability", "Khuyết tật", "Disability"),
        ("urgent_medical", "Cần chăm sóc y tế khẩn cấp", "Urgent medical need"),
    ],
    "recruitment": [
        ("social_network", "Qua mạng xã hội", "Online social networks"),
        ("job_advert", "Quảng cáo tuyển dụng, việc làm", "Job advertisement"),
        ("friend", "Bạn bè, người quen giới thiệu", "Friends or acquaintances"),
        ("family", "Người thân trong gia đình", "Family members"),
        ("broker", "Môi giới lao động", "Labour broker"),
        ("marriage_broker", "Môi giới hôn nhân", "Marriage broker"),
        ("abduction", "Bắt cóc", "Abduction"),
        ("other", "Khác", "Other"),
    ],
    "control": [
        ("debt_bondage", "Gán nợ, trói buộc bằng nợ", "Debt bondage"),
        ("withheld_documents", "Giữ giấy tờ tùy thân", "Withheld identity documents"),
        ("threats", "Đe dọa", "Threats"),
        ("physical_abuse", "Bạo lực thể chất", "Physical abuse"),
        ("sexual_abuse", "Xâm hại tình dục", "Sexual abuse"),
        ("psychological_abuse", "Bạo lực tinh thần", "Psychological abuse"),
        ("false_promises", "Hứa hẹn gian dối", "False promises"),
        ("restricted_movement", "Hạn chế đi lại, giam giữ", "Restricted movement"),
        ("withheld_wages", "Giữ lương, không trả công", "Withheld wages"),
        ("drugs_alcohol", "Ép dùng ma túy, rượu bia", "Forced use of drugs or alcohol"),
        ("other", "Khác", "Other"),
    ],
    "relationship": [
        ("family", "Người thân trong gia đình", "Family member"),
        ("partner", "Người yêu, vợ hoặc chồng", "Intimate partner"),
        ("acquaintance", "Người quen", "Acquaintance"),
        ("stranger", "Người lạ", "Stranger"),
        ("unknown", "Không rõ", "Unknown"),
    ],
    "support_regime": [
        ("a", "a) Hỗ trợ nhu cầu thiết yếu", "a) Essential needs"),
        ("b", "b) Hỗ trợ y tế", "b) Medical care"),
        ("c", "c) Hỗ trợ phiên dịch", "c) Interpretation"),
        ("d", "d) Hỗ trợ pháp luật", "d) Legal counselling"),
        ("dd", "đ) Trợ giúp pháp lý", "đ) Legal aid"),
        ("e", "e) Hỗ trợ chi phí đi lại", "e) Travel costs"),
        ("g", "g) Hỗ trợ tâm lý", "g) Psychological support"),
        ("h", "h) Hỗ trợ học văn hóa", "h) Schooling"),
        ("i", "i) Học nghề, tư vấn, giới thiệu việc làm", "i) Vocational training, counselling and jobs"),
        ("k", "k) Trợ cấp khó khăn ban đầu, hỗ trợ vay vốn", "k) Initial hardship allowance and loans"),
    ],
    "tipoff_channel": [
        ("hotline", "Đường dây nóng", "Hotline"),
        ("in_person", "Trực tiếp", "In person"),
        ("phone", "Điện thoại", "Phone"),
        ("online", "Mạng xã hội, thư điện tử", "Online or e-mail"),
        ("letter", "Văn bản, đơn thư", "Letter"),
        ("other", "Khác", "Other"),
    ],
    "tipoff_class": [
        ("suspected_trafficking", "Nghi mua bán người", "Suspected trafficking"),
        ("illegal_brokerage", "Môi giới lao động trái phép", "Illegal labour brokerage"),
        ("missing_person", "Người mất tích", "Missing person"),
        ("other", "Khác", "Other"),
    ],
}
CATALOGUES["ethnicity"] = [(f"{i:02d}", vi, en) for i, (vi, en) in enumerate(zip(ETHNIC_GROUPS, ETHNIC_GROUPS_EN), 1)]


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
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table('catalogue_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vocabulary', sa.String(length=40), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('label_vi', sa.String(length=200), nullable=False),
    sa.Column('label_en', sa.String(length=200), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalogue_entry')),
    sa.UniqueConstraint('vocabulary', 'code', name='uq_catalogue_entry_vocabulary_code')
    )
    with op.batch_alter_table('catalogue_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_catalogue_entry_vocabulary'), ['vocabulary'], unique=False)

    op.create_table('code_counter',
    sa.Column('series', sa.String(length=20), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('series', name=op.f('pk_code_counter'))
    )
    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('other_names', sa.String(length=200), nullable=True),
    sa.Column('name_key', sa.String(length=320), nullable=False),
    sa.Column('sort_key', sa.String(length=700), nullable=False),
    sa.Column('sex', sa.String(length=10), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('birth_year_estimated', sa.Boolean(), nullable=False),
    sa.Column('ethnicity', sa.String(length=40), nullable=True),
    sa.Column('nationality', sa.String(length=2), nullable=False),
    sa.Column('id_number', sa.String(length=30), nullable=True),
    sa.Column('id_key', sa.String(length=30), nullable=True),
    sa.Column('home_commune_code', sa.String(length=10), nullable=True),
    sa.Column('current_address', sa.String(length=300), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('anonymised_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['home_commune_code'], ['admin_unit.code'], name=op.f('fk_person_home_commune_code_admin_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_birth_year'), ['birth_year'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_home_commune_code'), ['home_commune_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_id_key'), ['id_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_name_key'), ['name_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_sort_key'), ['sort_key'], unique=False)

    op.create_table('case_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('commune_code', sa.String(length=10), nullable=False),
    sa.Column('arrival_route', sa.String(length=40), nullable=False),
    sa.Column('border_gate', sa.String(length=40), nullable=True),
    sa.Column('reception_date', sa.Date(), nullable=False),
    sa.Column('reception_place', sa.String(length=200), nullable=True),
    sa.Column('receiving_agency_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('verification_due', sa.Date(), nullable=False),
    sa.Column('identification_doc_number', sa.String(length=60), nullable=True),
    sa.Column('identification_date', sa.Date(), nullable=True),
    sa.Column('identification_issuer', sa.String(length=200), nullable=True),
    sa.Column('legal_regime', sa.String(length=4), nullable=False),
    sa.Column('legal_regime_corrected', sa.Boolean(), nullable=False),
    sa.Column('exploitation_country', sa.String(length=2), nullable=True),
    sa.Column('exploitation_province', sa.String(length=10), nullable=True),
    sa.Column('departed_on', sa.Date(), nullable=True),
    sa.Column('returned_on', sa.Date(), nullable=True),
    sa.Column('relationship_to_trafficker', sa.String(length=40), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['commune_code'], ['admin_unit.code'], name=op.f('fk_case_file_commune_code_admin_unit')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_case_file_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['exploitation_province'], ['admin_unit.code'], name=op.f('fk_case_file_exploitation_province_admin_unit')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_case_file_person_id_person')),
    sa.ForeignKeyConstraint(['receiving_agency_id'], ['agency.id'], name=op.f('fk_case_file_receiving_agency_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_file')),
    sa.UniqueConstraint('code', name=op.f('uq_case_file_code'))
    )
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_file_commune_code'), ['commune_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_file_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_file_reception_date'), ['reception_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_file_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_file_verification_due'), ['verification_due'], unique=False)

    op.create_table('accompanying_child',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('sex', sa.String(length=10), nullable=False),
    sa.Column('age', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_accompanying_child_case_id_case_file')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accompanying_child'))
    )
    with op.batch_alter_table('accompanying_child', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accompanying_child_case_id'), ['case_id'], unique=False)

    op.create_table('case_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('detail', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_case_event_case_id_case_file')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_case_event_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_event'))
    )
    with op.batch_alter_table('case_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_event_case_id'), ['case_id'], unique=False)

    op.create_table('case_tag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('vocabulary', sa.String(length=40), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_case_tag_case_id_case_file')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_tag')),
    sa.UniqueConstraint('case_id', 'vocabulary', 'code', name='uq_case_tag_case_id')
    )
    with op.batch_alter_table('case_tag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_tag_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_case_tag_vocabulary_code', ['vocabulary', 'code'], unique=False)

    op.create_table('consent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('given', sa.Boolean(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_consent_case_id_case_file')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_consent_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent'))
    )
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_case_id'), ['case_id'], unique=False)

    # ### end Alembic commands ###
    _seed_catalogues()


def downgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_case_id'))

    op.drop_table('consent')
    with op.batch_alter_table('case_tag', schema=None) as batch_op:
        batch_op.drop_index('ix_case_tag_vocabulary_code')
        batch_op.drop_index(batch_op.f('ix_case_tag_case_id'))

    op.drop_table('case_tag')
    with op.batch_alter_table('case_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_event_case_id'))

    op.drop_table('case_event')
    with op.batch_alter_table('accompanying_child', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accompanying_child_case_id'))

    op.drop_table('accompanying_child')
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_file_verification_due'))
        batch_op.drop_index(batch_op.f('ix_case_file_status'))
        batch_op.drop_index(batch_op.f('ix_case_file_reception_date'))
        batch_op.drop_index(batch_op.f('ix_case_file_person_id'))
        batch_op.drop_index(batch_op.f('ix_case_file_commune_code'))

    op.drop_table('case_file')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_sort_key'))
        batch_op.drop_index(batch_op.f('ix_person_name_key'))
        batch_op.drop_index(batch_op.f('ix_person_id_key'))
        batch_op.drop_index(batch_op.f('ix_person_home_commune_code'))
        batch_op.drop_index(batch_op.f('ix_person_birth_year'))

    op.drop_table('person')
    op.drop_table('code_counter')
    with op.batch_alter_table('catalogue_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catalogue_entry_vocabulary'))

    op.drop_table('catalogue_entry')
    # ### end Alembic commands ###
