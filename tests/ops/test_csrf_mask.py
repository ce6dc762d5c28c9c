"""CSRF tokens differ on every page (so compressed pages leak nothing), and every one of them works."""
import re

from tests.conftest import CSRF_META
from webapp.csrf_mask import mask, unmask

HIDDEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def test_the_token_is_different_on_every_page_and_in_every_place(client, login_as):
    login_as("commune")
    first = client.get("/").get_data(as_text=True)
    second = client.get("/").get_data(as_text=True)
    tokens = CSRF_META.findall(first) + HIDDEN.findall(first) + CSRF_META.findall(second)
    assert len(tokens) >= 3
    assert len(set(tokens)) == len(tokens)
    # No run of 8 characters of one token appears in another: nothing repeats for compression to find.
    a, b = CSRF_META.findall(first)[0], CSRF_META.findall(second)[0]
    assert not any(a[i:i + 8] in b for i in range(len(a) - 8))


def test_a_token_from_an_older_page_still_signs_out(client, login_as):
    login_as("commune")
    old = CSRF_META.search(client.get("/").get_data(as_text=True)).group(1)
    client.get("/cases")
    response = client.post("/logout", {"csrf_token": old}, csrf=False)
    assert response.status_code in (302, 303)
    assert client.get("/").status_code == 302  # signed out


def test_a_masked_token_works_in_the_header_htmx_sends(client, login_as):
    login_as("commune")
    token = CSRF_META.search(client.get("/").get_data(as_text=True)).group(1)
    response = client.post("/logout", {}, csrf=False, headers={"X-CSRFToken": token})
    assert response.status_code in (302, 303)


def test_a_tampered_token_is_refused(client, login_as):
    login_as("commune")
    token = CSRF_META.search(client.get("/").get_data(as_text=True)).group(1)
    broken = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    response = client.post("/logout", {"csrf_token": broken}, csrf=False)
    assert response.status_code == 400
    assert client.get("/").status_code == 200  # still signed in


def test_masking_round_trips_and_leaves_other_values_for_the_check_to_refuse():
    signed = "ImFiYyI.Zx1yQw.s1gnature"
    assert unmask(mask(signed)) == signed
    assert mask(signed) != mask(signed)
    for value in (None, "", signed, "not base64 !", "QUJD", "x" * 5000):
        assert unmask(value) == value  # not a masked token: passed on for Flask-WTF to refuse
