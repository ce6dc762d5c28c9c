"""The six roles, what each may do, and which scope each is bound to: the one place every view and query asks."""
from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Role(StrEnum):
    ADMIN = "admin"
    PROVINCE = "province"
    COMMUNE = "commune"
    SHELTER = "shelter"
    VOLUNTEER = "volunteer"
    TRAINER = "trainer"


class Permission(StrEnum):
    MANAGE_USERS = "manage_users"
    MANAGE_AGENCIES = "manage_agencies"
    READ_AUDIT = "read_audit"
    VIEW_PLACES = "view_places"
    MANAGE_CATALOGUES = "manage_catalogues"
    # Victim data. Later features check these; volunteers and trainers never hold them.
    READ_CASES = "read_cases"
    WRITE_CASES = "write_cases"
    READ_ALL_COMMUNES = "read_all_communes"
    ERASE_PERSONAL_DATA = "erase_personal_data"
    # The eligibility table (who may receive which support, per law): the province decides it.
    MANAGE_ELIGIBILITY = "manage_eligibility"
    LOG_OUTREACH = "log_outreach"  # log outreach sessions and see those in scope (no victim data)
    MANAGE_KEY_AREAS = "manage_key_areas"
    MANAGE_TRAINING = "manage_training"
    # Reading courses and their attendance (no phone numbers): the province and commune officers, read-only.
    VIEW_TRAINING = "view_training"
    # Periodic reports: a commune or centre reads and writes its own; the province reads all, accepts or
    # returns them and sees the status board and the provincial report; the calendar is the province's.
    VIEW_REPORTS = "view_reports"
    WRITE_REPORTS = "write_reports"
    REVIEW_REPORTS = "review_reports"
    MANAGE_REPORT_PERIODS = "manage_report_periods"
    # The plan's targets and the dashboard: a commune officer sees their commune's, the province all and sets
    # the targets. Supervision visits are the province's; a commune reads and answers those addressed to it.
    # Budget estimates: each unit enters its own, the province reads all.
    VIEW_PLAN_TARGETS = "view_plan_targets"
    MANAGE_PLAN_TARGETS = "manage_plan_targets"
    RECORD_SUPERVISION = "record_supervision"
    VIEW_SUPERVISION = "view_supervision"
    ANSWER_SUPERVISION = "answer_supervision"
    ENTER_BUDGET = "enter_budget"


ROLE_LABELS = {
    Role.ADMIN: _l("System administrator"),
    Role.PROVINCE: _l("Social Protection Office"),
    Role.COMMUNE: _l("Commune officer"),
    Role.SHELTER: _l("Social protection centre staff"),
    Role.VOLUNTEER: _l("Women's Union volunteer"),
    Role.TRAINER: _l("Training coordinator"),
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(
        {Permission.MANAGE_USERS, Permission.MANAGE_AGENCIES, Permission.READ_AUDIT, Permission.VIEW_PLACES,
         Permission.MANAGE_CATALOGUES, Permission.MANAGE_REPORT_PERIODS}
    ),
    Role.PROVINCE: frozenset(
        {Permission.READ_CASES, Permission.WRITE_CASES, Permission.READ_ALL_COMMUNES, Permission.VIEW_PLACES,
         Permission.ERASE_PERSONAL_DATA, Permission.MANAGE_ELIGIBILITY, Permission.LOG_OUTREACH,
         Permission.MANAGE_KEY_AREAS, Permission.VIEW_TRAINING, Permission.VIEW_REPORTS,
         Permission.REVIEW_REPORTS, Permission.MANAGE_REPORT_PERIODS, Permission.VIEW_PLAN_TARGETS,
         Permission.MANAGE_PLAN_TARGETS, Permission.RECORD_SUPERVISION, Permission.VIEW_SUPERVISION}
    ),
    Role.COMMUNE: frozenset({Permission.READ_CASES, Permission.WRITE_CASES, Permission.LOG_OUTREACH,
                             Permission.VIEW_TRAINING, Permission.VIEW_REPORTS, Permission.WRITE_REPORTS,
                             Permission.VIEW_PLAN_TARGETS, Permission.VIEW_SUPERVISION,
                             Permission.ANSWER_SUPERVISION, Permission.ENTER_BUDGET}),
    Role.SHELTER: frozenset({Permission.READ_CASES, Permission.WRITE_CASES, Permission.VIEW_REPORTS,
                             Permission.WRITE_REPORTS, Permission.ENTER_BUDGET}),
    Role.VOLUNTEER: frozenset({Permission.LOG_OUTREACH}),
    Role.TRAINER: frozenset({Permission.MANAGE_TRAINING, Permission.VIEW_TRAINING}),
}

# Which scope a role is bound to: a commune (its cases, its outreach) or an agency (a centre's referrals).
ROLES_NEEDING_COMMUNE = frozenset({Role.COMMUNE, Role.VOLUNTEER})
ROLES_NEEDING_AGENCY = frozenset({Role.SHELTER})


def has_permission(role: str | None, permission: Permission) -> bool:
    """True when the role holds the permission; unknown roles hold nothing."""
    try:
        return permission in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False


def role_choices() -> list[tuple[str, str]]:
    return [(role.value, str(ROLE_LABELS[role])) for role in Role]
