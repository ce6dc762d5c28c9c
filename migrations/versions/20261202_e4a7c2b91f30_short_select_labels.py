"""short catalogue labels: a native select cannot wrap, so every label fits a 360 px phone

Revision ID: e4a7c2b91f30
Revises: 8e4a1c7b2f30
Create Date: 2026-12-02 05:00:00

Only entries still holding the label first shipped are changed (an administrator may have edited them),
in each language separately; the catalogue stamp is raised so running workers drop their cached lists.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4a7c2b91f30'
down_revision = '8e4a1c7b2f30'
branch_labels = None
depends_on = None

# (vocabulary, code, (label as shipped, short label) in Vietnamese, the same in English or None)
LABELS = [
    ("purpose", "scam_compound", ("Cưỡng bức lao động tại cơ sở lừa đảo trực tuyến", "Cưỡng bức lừa đảo trực tuyến"),
     ("Forced work in an online-scam compound", "Forced online scamming")),
    ("purpose", "material_benefit", ("Vì tiền, tài sản, lợi ích vật chất khác", "Vì tiền, lợi ích vật chất khác"),
     ("For money or other material benefit", "For money or material gain")),
    ("purpose", "forced_childbearing", ("Cưỡng ép mang thai, sinh con, mang thai hộ", "Cưỡng ép sinh con, mang thai hộ"),
     None),
    ("purpose", "forced_criminality", ("Cưỡng bức thực hiện hành vi phạm tội", "Cưỡng bức phạm tội"), None),
    ("arrival_route", "foreign_handover", ("Nước ngoài trao trả qua cửa khẩu", "Nước ngoài trao trả"),
     ("Handed over by a foreign country at a border gate", "Handed over from abroad")),
    ("arrival_route", "rescued", ("Được công an, bộ đội biên phòng giải cứu", "Được giải cứu"),
     ("Rescued by police or border guards", "Rescued")),
    ("border_gate", "dinh_ba", ("Cửa khẩu quốc tế Dinh Bà", "Cửa khẩu Dinh Bà"),
     ("Dinh Ba international border gate", "Dinh Ba border gate")),
    ("border_gate", "thuong_phuoc", ("Cửa khẩu quốc tế Thường Phước", "Cửa khẩu Thường Phước"),
     ("Thuong Phuoc international border gate", "Thuong Phuoc border gate")),
    ("support_regime", "i", ("i) Học nghề, tư vấn, giới thiệu việc làm", "i) Học nghề, việc làm"),
     ("i) Vocational training, counselling and jobs", "i) Vocational training, jobs")),
    ("support_regime", "k", ("k) Trợ cấp khó khăn ban đầu, hỗ trợ vay vốn", "k) Trợ cấp ban đầu, vay vốn"),
     ("k) Initial hardship allowance and loans", "k) Initial allowance, loans")),
    ("outreach_venue", "community_meeting", ("Họp dân, sinh hoạt cộng đồng", "Họp dân, sinh hoạt ở ấp"), None),
    ("outreach_venue", "workplace", ("Nơi làm việc, khu công nghiệp", "Công ty, khu công nghiệp"), None),
    ("outreach_venue", "loudspeaker", ("Phát thanh qua loa truyền thanh", "Loa truyền thanh"), None),
    ("outreach_venue", "national_day", ("Sự kiện Ngày toàn quốc phòng, chống mua bán người 30/7", "Ngày toàn quốc 30/7"),
     None),
    ("outreach_topic", "tricks", ("Thủ đoạn của đối tượng mua bán người", "Thủ đoạn mua bán người"), None),
    ("outreach_topic", "job_scams", ("Lừa đảo việc làm qua mạng, đi xuất khẩu lao động",
                                     "Lừa việc làm, xuất khẩu lao động"),
     ("Online job and labour-export scams", "Job and labour-export scams")),
    ("outreach_topic", "law_2024", ("Luật Phòng, chống mua bán người 2024 và quyền của nạn nhân",
                                    "Luật 2024, quyền của nạn nhân"), None),
]

entry = sa.table("catalogue_entry", sa.column("vocabulary", sa.String), sa.column("code", sa.String),
                 sa.column("label_vi", sa.String), sa.column("label_en", sa.String))
stamp = sa.table("content_version", sa.column("name", sa.String), sa.column("version", sa.Integer))


def _relabel(backwards: bool):
    for vocabulary, code, vi, en in LABELS:
        for column, pair in (("label_vi", vi), ("label_en", en)):
            if pair is None:
                continue
            old, new = reversed(pair) if backwards else pair
            op.execute(entry.update()
                       .where(entry.c.vocabulary == vocabulary, entry.c.code == code, entry.c[column] == old)
                       .values({column: new}))
    op.execute(stamp.update().where(stamp.c.name == "catalogue").values(version=stamp.c.version + 1))


def upgrade():
    _relabel(backwards=False)


def downgrade():
    _relabel(backwards=True)
