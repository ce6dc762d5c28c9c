"""Every model, imported in one place so metadata and migrations see all tables."""
from webapp.audit.models import AuditEvent  # noqa: F401
from webapp.auth.models import User, UserSession  # noqa: F401
from webapp.cases.models import (  # noqa: F401
    AccompanyingChild,
    Case,
    CaseEvent,
    CaseTag,
    CodeCounter,
    Consent,
    Person,
    PersonToken,  # noqa: F401
)
from webapp.catalogues.models import CatalogueEntry, ContentVersion  # noqa: F401
from webapp.followups.models import FollowUp  # noqa: F401
from webapp.outreach.models import KeyArea, OutreachSession, OutreachTag  # noqa: F401
from webapp.places.models import AdminUnit, Agency  # noqa: F401
from webapp.protection.models import Protection, ProtectionMeasure  # noqa: F401
from webapp.pwa.models import BindingKey, OutboxEvent, SealingKey  # noqa: F401
from webapp.referrals.models import OutsideAnswer, Referral  # noqa: F401
from webapp.reports.models import ReportPeriod, ReportVersion  # noqa: F401
from webapp.reports.plan_models import BudgetEstimate, PlanTarget  # noqa: F401
from webapp.submissions.models import Submission  # noqa: F401
from webapp.supervision.models import SupervisionRecommendation, SupervisionVisit  # noqa: F401
from webapp.support.models import EligibilityChange, EligibilityRule, SupportEvent  # noqa: F401
from webapp.tipoffs.models import TipOff  # noqa: F401
from webapp.training.models import (  # noqa: F401
    Attendance,
    AttendanceMark,
    Participant,
    TrainingCourse,
    TrainingSession,
)
