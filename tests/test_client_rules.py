"""The rules a phone checks before sealing a form are the server's own: declared on the fields, rendered as attributes."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest
from wtforms import FieldList, FormField
from wtforms.validators import DataRequired, Length, NumberRange

from tests.cases.helpers import reception_post
from webapp.cases.forms import ReceptionForm
from webapp.followups.forms import VisitOutcomeForm
from webapp.forms import RequiredIf, client_attributes
from webapp.outreach.forms import OutreachForm
from webapp.support.forms import QuickSupportForm
from webapp.tipoffs.forms import TipOffForm

OFFLINE_FORMS = {"/cases/new": ReceptionForm, "/support/quick": QuickSupportForm, "/tipoffs/new": TipOffForm,
                 "/followups/visit": VisitOutcomeForm, "/outreach/new": OutreachForm}


class _Elements(HTMLParser):
    """Every element's attributes by id."""

    def __init__(self):
        super().__init__()
        self.by_id = {}
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = {k: ("" if v is None else v) for k, v in attrs}
        if "id" in attrs:
            self.by_id[attrs["id"]] = attrs
        if tag == "form":
            self.forms.append(attrs)


def elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def leaf_fields(form):
    for field in form:
        if isinstance(field, FieldList):
            for entry in field.entries:
                yield from (leaf_fields(entry.form) if isinstance(entry, FormField) else [entry])
        elif isinstance(field, FormField):
            yield from leaf_fields(field.form)
        else:
            yield field


@pytest.mark.parametrize("path", sorted(OFFLINE_FORMS))
def test_each_offline_form_renders_the_rules_its_fields_declare(app, client, login_as, path):
    login_as("commune")
    page = elements(client.get(path).get_data(as_text=True))
    with app.test_request_context(path, headers={"Accept-Language": "vi"}):
        form = OFFLINE_FORMS[path](formdata=None, meta={"csrf": False})
        checked = 0
        for field in leaf_fields(form):
            expected = client_attributes(field)
            if not expected or field.id not in page.by_id:
                continue
            rendered = page.by_id[field.id]
            for name, value in expected.items():
                if name.startswith("data-msg-range") and "between" in value:
                    continue
                assert rendered.get(name) == value, (path, field.id, name)
            checked += 1
        assert checked >= 3
    create = [f for f in page.forms if "data-create-form" in f]
    assert create and "novalidate" in create[0]  # our messages, never the browser's own bubbles


def test_every_server_rule_of_the_reception_is_declared_to_the_browser(app):
    with app.test_request_context("/", headers={"Accept-Language": "vi"}):
        form = ReceptionForm(formdata=None, meta={"csrf": False})
        for field in leaf_fields(form):
            attrs = client_attributes(field)
            for validator in field.validators:
                if isinstance(validator, DataRequired):
                    assert "data-required" in attrs and attrs["data-msg-required"], field.name
                if isinstance(validator, RequiredIf):
                    assert attrs["data-msg-required-if"] == str(validator.message), field.name
                if isinstance(validator, Length):
                    assert attrs["maxlength"] == str(validator.max), field.name
                if isinstance(validator, NumberRange):
                    assert attrs["data-max"] == str(validator.max), field.name


def test_reception_rules_are_rendered_in_vietnamese(client, login_as):
    login_as("commune")
    page = elements(client.get("/cases/new").get_data(as_text=True)).by_id
    assert page["full_name"]["data-msg-required"] == "Ô này là bắt buộc."
    gate = page["border_gate"]
    assert gate["data-required-if"] == "arrival_route=foreign_handover"
    assert gate["data-msg-required-if"] == "Chọn cửa khẩu nơi trao trả."
    assert page["reception_date"]["data-max-date"] == "today"
    assert page["returned_on"]["data-min-of"] == "departed_on"
    assert page["children-0-age"]["data-required-if"] == "children-0-sex"
    assert page["children-0-age"]["data-max"] == "17"


def test_reception_starts_with_no_arrival_route_chosen(client, login_as):
    """A quick entry is not sent down the handover path, which asks for a border gate."""
    login_as("commune")
    html = client.get("/cases/new").get_data(as_text=True)
    select = html.split('id="arrival_route"', 1)[1].split("</select>", 1)[0]
    options = select.split("<option")[1:]
    assert options[0].startswith(' value=""') or options[0].startswith(' selected value=""')
    assert not any("selected" in o.split(">", 1)[0] for o in options[1:])  # nothing chosen beforehand


def test_reception_without_arrival_route_is_refused_on_that_field(client, login_as):
    login_as("commune")
    response = client.post("/cases/new", reception_post(arrival_route="", border_gate=""))
    assert response.status_code == 422
    page = elements(response.get_data(as_text=True)).by_id
    assert page["arrival_route"].get("aria-invalid") == "true"
    assert "arrival_route-error" in page


def test_quick_support_declares_what_delivered_support_needs(client, login_as):
    login_as("commune")
    page = elements(client.get("/support/quick").get_data(as_text=True)).by_id
    assert page["description"]["data-required-if"] == "status=delivered&amount="
    assert page["given_on"]["data-required-if"] == "status=delivered"
    assert page["case_code"]["data-required"] == ""


def test_the_offline_visit_form_declares_its_rules_like_the_other_offline_forms(client, login_as):
    """A visit recorded in a hamlet without signal is checked on the phone before it is sealed."""
    login_as("commune")
    page = elements(client.get("/followups/visit").get_data(as_text=True)).by_id
    assert page["case_code"]["data-required"] == ""
    assert page["findings"]["data-required"] == ""
    assert page["done_on"]["data-required"] == ""
    assert page["done_on"]["data-max-date"] == "today"
    assert page["done_on"]["data-msg-max-date"] == "Ngày này ở tương lai."
    assert page["next_due_on"]["data-after"] == "done_on"
    assert page["next_due_on"]["data-msg-after"] == "Hạn lượt thăm tiếp theo phải sau ngày thăm này."


def test_every_offline_form_is_checked_here(app):
    """A form that joins the outbox is checked on the phone: listing it above is what proves its rules render."""
    from flask import url_for

    from webapp.pwa.protocol import NO_BLANK
    from webapp.pwa.protocol import OFFLINE_FORMS as MARKED

    # Attendance marks and walk-ins are posted by the attendance screen's script, not typed into a kept form.
    with app.test_request_context("/"):
        paths = {url_for(endpoint) for endpoint in MARKED if endpoint not in NO_BLANK}
    assert paths == set(OFFLINE_FORMS)
