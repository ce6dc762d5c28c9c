"""What the review of the #9 landing found: each kept shut by a test that failed before its fix."""
from __future__ import annotations

from tests import factories


def test_home_counts_only_the_visits_assigned_to_the_officer_or_to_no_one(app, client, login_as):
    """The home page of a commune officer answers (it failed with a 500 after the merge) and counts per officer."""
    me = login_as("commune")
    with app.app_context():
        colleague = factories.create_user("commune", username="dong_nghiep")
        case = factories.create_case(user=colleague)
        factories.create_followup(case, assigned_to_id=colleague.id)
        factories.create_followup(case)  # no one assigned: everyone in the commune sees it
        factories.create_followup(case, assigned_to_id=me.id)
        factories.create_followup(case, assigned_to_id=me.id)
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<strong data-testid="work-followups">3</strong>' in html
    client.logout()
    client.login("dong_nghiep")
    html = client.get("/").get_data(as_text=True)
    assert '<strong data-testid="work-followups">2</strong>' in html
