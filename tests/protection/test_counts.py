"""The report figures: people who needed protection in a window, and how many of them were protected."""
from datetime import date

from tests import factories
from tests.factories import COMMUNE_A, COMMUNE_B
from webapp.protection.queries import protection_counts

START, END = date(2026, 1, 1), date(2026, 3, 31)
POLICE = {"agency_name": "Công an xã"}


def _case(commune=COMMUNE_A, **over):
    over.setdefault("reception_date", date(2025, 12, 1))
    return factories.create_case(commune_code=commune, **over)


def test_an_empty_window_counts_nothing(ctx):
    assert protection_counts(START, END) == {"needing": 0, "protected": 0}


def test_requests_in_place_waiting_refused_and_outside_the_window(ctx):
    in_place = _case()
    factories.create_protection(in_place, requested_on=date(2026, 2, 1), status="in_place",
                                start_on=date(2026, 2, 2), **POLICE)
    factories.create_protection(_case(), requested_on=date(2026, 3, 1))  # needs it, not yet protected
    factories.create_protection(_case(), requested_on=date(2026, 2, 1), status="not_needed", outcome="Từ chối")
    factories.create_protection(_case(), requested_on=date(2026, 4, 1))  # after the window
    factories.create_protection(_case(), requested_on=date(2025, 10, 1), status="ended",  # over before it
                                start_on=date(2025, 10, 2), end_on=date(2025, 12, 31), **POLICE)
    factories.create_protection(_case(), requested_on=date(2025, 11, 1), status="in_place",  # still going
                                start_on=date(2025, 11, 2), **POLICE)
    factories.create_protection(_case(), requested_on=date(2026, 3, 20), status="in_place",  # starts later
                                start_on=date(2026, 4, 2), **POLICE)
    assert protection_counts(START, END) == {"needing": 4, "protected": 2}


def test_each_person_counts_once_the_person_children_and_relatives_apart(ctx):
    case = _case(children=[{"sex": "female", "age": 7}, {"sex": "male", "age": 4}])
    girl, boy = (child.id for child in case.children)
    on = {"requested_on": date(2026, 1, 10), "status": "in_place", "start_on": date(2026, 1, 11), **POLICE}
    factories.create_protection(case, **on)
    factories.create_protection(case, measures=("safe_place",), **on)  # a second request for the same person
    factories.create_protection(case, subject="child", child_id=girl, **on)
    factories.create_protection(case, subject="child", child_id=boy, requested_on=date(2026, 1, 10))
    factories.create_protection(case, subject="relative", relative_name="Trần Thị Hoa", relative_relationship="mẹ",
                                **on)
    again = factories.create_case(commune_code=COMMUNE_A, reception_date=date(2026, 2, 1))  # another case
    again.person_id = case.person_id  # of the same person, linked
    factories.create_protection(again, **on)
    assert protection_counts(START, END) == {"needing": 4, "protected": 3}


def test_a_commune_counts_only_the_cases_it_received(ctx):
    on = {"requested_on": date(2026, 1, 10), "status": "in_place", "start_on": date(2026, 1, 11), **POLICE}
    factories.create_protection(_case(COMMUNE_A), **on)
    factories.create_protection(_case(COMMUNE_B), requested_on=date(2026, 1, 10))
    assert protection_counts(START, END, COMMUNE_A) == {"needing": 1, "protected": 1}
    assert protection_counts(START, END, COMMUNE_B) == {"needing": 1, "protected": 0}
    assert protection_counts(START, END) == {"needing": 2, "protected": 1}
