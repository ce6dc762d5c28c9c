"""Out-of-range input: every integer, date and text field of every form, and every route, answers 4xx, never 500.

The forms and routes are discovered, so a form or a route added later is covered without touching this file.
"""
import importlib
import pkgutil
import uuid
from datetime import date, datetime

import pytest
from sqlalchemy import MetaData, func, select
from werkzeug.datastructures import MultiDict
from wtforms import DateField, DateTimeField, FieldList, FormField, IntegerField, SelectFieldBase, StringField
from wtforms import Form as PlainForm

import webapp
from tests import factories
from tests.cases.helpers import reception_post
from tests.conftest import Browserish
from tests.test_access_matrix import LAST, ROLES, _expected_allowed, sample_objects, url_for_rule
from webapp.extensions import db
from webapp.forms import SenForm

HUGE_NUMBER = "9" * 400
LONG_TEXT = "a" * 60_000
FAR_DATES = ("9999-12-31", "0001-01-01")


def _import_all_forms():
    for module in pkgutil.walk_packages(webapp.__path__, "webapp."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def form_classes() -> list[type]:
    """Every SenForm subclass, and every plain form nested in one through FormField."""
    _import_all_forms()
    found = {cls for cls in _subclasses(SenForm) if cls.__module__.startswith("webapp.")}
    for cls in list(found):
        for unbound in _unbound(cls):
            inner = unbound.args[0] if unbound.field_class is FieldList else unbound
            if inner.field_class is FormField and issubclass(inner.args[0], PlainForm):
                found.add(inner.args[0])
    return sorted(found, key=lambda c: (c.__module__, c.__name__))


def _unbound(cls):
    return [value for name in dir(cls) if hasattr(value := getattr(cls, name), "_formfield")]


def _leaves(fields):
    for field in fields:
        if isinstance(field, FieldList):
            yield from _leaves(field.entries)
        elif isinstance(field, FormField):
            yield from _leaves(field.form)
        else:
            yield field


def _hostile_values(field) -> list[str]:
    if isinstance(field, IntegerField):
        return [HUGE_NUMBER]
    if isinstance(field, (DateField, DateTimeField)):
        return list(FAR_DATES)
    if isinstance(field, StringField) and not isinstance(field, SelectFieldBase):
        return [LONG_TEXT]
    return []


def _build(cls, formdata=None):
    meta = {"csrf": False}
    if issubclass(cls, SenForm):
        return cls(formdata=formdata, meta=meta)
    return cls(formdata=formdata or MultiDict())


def _validate(form):
    for field in _leaves(form):
        if isinstance(field, SelectFieldBase) and field.choices is None:
            field.choices = []  # views fill these; the bounds do not depend on them
    return form.validate()


FORMS = form_classes()


def test_the_discovery_finds_the_forms_it_must():
    names = {cls.__name__ for cls in FORMS}
    assert {"ReceptionForm", "ChildForm", "EntryForm", "UserFilterForm", "UnitFilterForm", "AuditFilterForm"} <= names


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_integer_date_and_text_field_refuses_out_of_range_input(app, form_class):
    """400 digits, year 9999 or year 1 and 60,000 characters get a message on the field, never an exception."""
    problems = []
    with app.test_request_context("/", method="POST"):
        outer = SenForm if not issubclass(form_class, SenForm) else None
        for field in _leaves(_build(form_class)):
            for value in _hostile_values(field):
                form = _build(form_class, MultiDict({field.name: value}))
                target = next(f for f in _leaves(form) if f.name == field.name)
                if outer is not None:  # a nested plain form is only ever validated through its SenForm
                    holder = type("Holder", (SenForm,), {"inner": FormField(form_class)})
                    form = holder(formdata=MultiDict({f"inner-{field.name}": value}), meta={"csrf": False})
                    target = form.inner.form[field.name]
                try:
                    valid = _validate(form)
                except Exception as error:  # noqa: BLE001 - any exception here is a 500 in a view
                    problems.append(f"{field.name}={value[:12]}…: {type(error).__name__}: {error}")
                    continue
                if valid or not target.errors:
                    problems.append(f"{field.name}={value[:12]}… accepted")
    assert problems == []


# The four answers first found to be 500s, each with otherwise valid input.

def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_child_age_of_400_digits_is_a_message_not_a_500(app, client, login_as):
    from webapp.cases.models import Case

    login_as("commune")
    response = client.post("/cases/new", reception_post(
        children=[{"sex": "female", "age": 5}], **{}) | {"children-0-age": HUGE_NUMBER})
    assert response.status_code == 422
    assert "Tuổi của trẻ em từ 0 đến 17" in response.get_data(as_text=True)
    with app.app_context():
        assert _count(Case) == 0


def test_a_catalogue_sort_order_of_400_digits_is_a_message(app, client, login_as):
    from webapp.catalogues.models import CatalogueEntry

    login_as("admin")
    with app.app_context():
        entry = db.session.scalar(select(CatalogueEntry).where(CatalogueEntry.vocabulary == "purpose"))
        entry_id, before = entry.id, entry.sort_order
    response = client.post(f"/admin/catalogues/purpose/{entry_id}",
                           {"label_vi": "Nhãn", "label_en": "Label", "sort_order": HUGE_NUMBER, "active": "y"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(CatalogueEntry, entry_id).sort_order == before


@pytest.mark.parametrize("url", ["/admin/users", "/admin/places"])
def test_a_search_of_60000_characters_is_refused_with_the_length_message(app, client, login_as, url):
    login_as("admin")
    response = client.post(url, {"q": LONG_TEXT})
    assert response.status_code == 422
    assert "Nhập tối đa 60 ký tự" in response.get_data(as_text=True)


@pytest.mark.parametrize("day", FAR_DATES)
def test_an_audit_date_out_of_range_is_a_message(app, client, login_as, day):
    login_as("admin")
    response = client.post("/admin/audit", {"date_from": day, "date_to": day})
    assert response.status_code == 422
    assert "01/01/1900" in response.get_data(as_text=True)


# Every route, with every field name any form knows, out of range.

def _field_names() -> dict[str, list[str]]:
    """Field names (as posted) of each kind, over every form."""
    names = {"number": set(), "date": set(), "text": set()}
    with webapp.create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"}) \
            .test_request_context("/", method="POST"):
        for cls in FORMS:
            if not issubclass(cls, SenForm):
                continue
            for field in _leaves(_build(cls)):
                if isinstance(field, IntegerField):
                    names["number"].add(field.name)
                elif isinstance(field, (DateField, DateTimeField)):
                    names["date"].add(field.name)
                elif isinstance(field, StringField) and not isinstance(field, SelectFieldBase):
                    names["text"].add(field.name)
    names["text"] -= {"submission_id"} | names["number"] | names["date"]
    return {kind: sorted(found) for kind, found in names.items()}


def _payloads(names) -> list[dict]:
    sid = str(uuid.uuid4())
    payloads = [{name: HUGE_NUMBER for name in names["number"]}]
    payloads += [{name: day for name in names["date"]} for day in FAR_DATES]
    payloads.append({name: LONG_TEXT for name in names["text"]})
    return [{**payload, "submission_id": sid} for payload in payloads]


def _out_of_range(value) -> bool:
    if isinstance(value, str):
        return len(value) >= len(HUGE_NUMBER) and (HUGE_NUMBER in value or LONG_TEXT[:1000] in value)
    if isinstance(value, (date, datetime)):
        return not 1900 <= value.year <= 2100
    if isinstance(value, int) and not isinstance(value, bool):
        return not -(2**31) <= value < 2**31
    return False


def _stored_out_of_range_values() -> list[str]:
    """Every stored value that could only come from the out-of-range input (some routes save without fields)."""
    metadata = MetaData()
    metadata.reflect(db.engine)
    found = []
    for name, table in metadata.tables.items():
        for row in db.session.execute(table.select()):
            found += [f"{name}.{key}" for key, value in row._mapping.items() if _out_of_range(value)]
    return found


def _role_for(access) -> str | None:
    for role in ("commune", "province", "admin", "shelter", "volunteer", "trainer"):
        if role in ROLES and _expected_allowed(access, role):
            return role
    return None


def routes_signed_in(app, rules, users, objs):
    """Each rule a role may reach, with a browser signed in as that role (one per role) and the rule's URL."""
    clients: dict[str, Browserish] = {}
    for rule in rules:
        role = _role_for(app.view_functions[rule.endpoint].access)
        if role is None:
            continue
        if role not in clients:
            clients[role] = Browserish(app)
            assert clients[role].login(users[role]).status_code == 303
        yield rule, role, clients[role], url_for_rule(rule, objs)


def test_no_route_answers_500_to_out_of_range_input_and_nothing_is_saved(app):
    with app.app_context():
        objs = sample_objects()
        users = {role: factories.create_user(role).username for role in ROLES}
        assert _stored_out_of_range_values() == []
    names = _field_names()
    problems = []
    rules = [r for r in sorted(app.url_map.iter_rules(), key=lambda r: r.rule)
             if r.endpoint != "static" and r.endpoint not in LAST]
    for rule, role, client, url in routes_signed_in(app, rules, users, objs):
        for payload in _payloads(names):
            responses = []
            if "GET" in rule.methods:
                responses.append(("GET", client.get(url, query_string=payload)))
            if "POST" in rule.methods:
                responses.append(("POST", client.post(url, payload)))
            for method, response in responses:
                if response.status_code >= 500:
                    problems.append(f"{role} {method} {rule.rule}: {response.status_code}")

    assert problems == []
    with app.app_context():
        assert _stored_out_of_range_values() == []


def test_the_date_bounds_still_take_an_ordinary_date(app):
    from webapp.audit.forms import AuditFilterForm

    with app.test_request_context("/", method="POST"):
        form = AuditFilterForm(formdata=MultiDict({"date_from": "2026-11-29"}), meta={"csrf": False})
        form.action.choices = form.object_type.choices = []
        assert form.validate(), form.errors
        assert form.date_from.data == date(2026, 11, 29)
