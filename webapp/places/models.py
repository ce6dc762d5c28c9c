"""Administrative units (official codes) and the agencies that take part in the work."""
from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import TimestampMixin
from webapp.extensions import db


class UnitType(StrEnum):
    PROVINCE = "province"
    COMMUNE = "commune"
    WARD = "ward"
    SPECIAL_ZONE = "special_zone"


UNIT_TYPE_LABELS = {
    UnitType.PROVINCE: _l("Province"),
    UnitType.COMMUNE: _l("Commune"),
    UnitType.WARD: _l("Ward"),
    UnitType.SPECIAL_ZONE: _l("Special zone"),
}


class AdminUnit(db.Model):
    __tablename__ = "admin_unit"

    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    type: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(120))
    full_name: Mapped[str] = mapped_column(String(160))
    name_en: Mapped[str] = mapped_column(String(120))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("admin_unit.code"), index=True)

    parent: Mapped[AdminUnit | None] = relationship(remote_side=[code])

    def __repr__(self) -> str:
        return f"<AdminUnit {self.code}>"


class AgencyKind(StrEnum):
    SOCIAL_PROTECTION_OFFICE = "social_protection_office"
    PROTECTION_CENTRE = "protection_centre"
    POLICE = "police"
    BORDER_GUARD = "border_guard"
    WOMENS_UNION = "womens_union"
    COMMUNE_COMMITTEE = "commune_committee"
    HOSPITAL = "hospital"
    LEGAL_AID = "legal_aid"
    EDUCATION = "education"
    FOREIGN_AFFAIRS = "foreign_affairs"
    OTHER = "other"


AGENCY_KIND_LABELS = {
    AgencyKind.SOCIAL_PROTECTION_OFFICE: _l("Social Protection Office"),
    AgencyKind.PROTECTION_CENTRE: _l("Social protection centre"),
    AgencyKind.POLICE: _l("Police"),
    AgencyKind.BORDER_GUARD: _l("Border guard post"),
    AgencyKind.WOMENS_UNION: _l("Women's Union"),
    AgencyKind.COMMUNE_COMMITTEE: _l("Commune People's Committee"),
    AgencyKind.HOSPITAL: _l("Hospital"),
    AgencyKind.LEGAL_AID: _l("Legal aid centre"),
    AgencyKind.EDUCATION: _l("Education"),
    AgencyKind.FOREIGN_AFFAIRS: _l("Foreign affairs"),
    AgencyKind.OTHER: _l("Other"),
}


class Agency(TimestampMixin, db.Model):
    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    name: Mapped[str] = mapped_column(String(200))
    commune_code: Mapped[str | None] = mapped_column(ForeignKey("admin_unit.code"), index=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    commune: Mapped[AdminUnit | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Agency {self.code}>"
