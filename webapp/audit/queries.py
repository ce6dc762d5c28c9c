"""Queries behind the audit log page."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from webapp.audit.models import AuditEvent


def _utc(day: date, zone: str) -> datetime:
    """Local midnight of `day` as naive UTC, to compare with stored timestamps."""
    local = datetime.combine(day, time.min, tzinfo=ZoneInfo(zone))
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def events(*, username=None, action=None, object_type=None, date_from=None, date_to=None, zone="Asia/Ho_Chi_Minh"):
    """Audit rows matching the filters, newest first. Dates are local calendar days, both ends included."""
    stmt = select(AuditEvent).order_by(AuditEvent.id.desc())
    if username:
        stmt = stmt.where(AuditEvent.username == username.strip().casefold())
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if object_type:
        stmt = stmt.where(AuditEvent.object_type == object_type)
    if date_from:
        stmt = stmt.where(AuditEvent.at >= _utc(date_from, zone))
    if date_to:
        stmt = stmt.where(AuditEvent.at < _utc(date_to + timedelta(days=1), zone))
    return stmt
