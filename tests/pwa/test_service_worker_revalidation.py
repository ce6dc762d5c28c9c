"""The service worker script is checked for updates often: a check that finds nothing new costs a 304, not 22 KB."""


def test_the_service_worker_is_revalidated_not_stored(client, login_as):
    login_as("commune")
    first = client.get("/sw.js")
    assert first.status_code == 200 and first.get_data()
    assert first.headers["Cache-Control"] == "no-cache"
    etag = first.headers["ETag"]
    assert etag

    again = client.get("/sw.js", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag


def test_a_new_version_of_the_service_worker_has_a_new_validator(make_app):
    old_app = make_app(SEN_BUILD="one")
    old = old_app.test_client().get("/sw.js")
    new_app = make_app(SEN_BUILD="two")
    answer = new_app.test_client().get("/sw.js", headers={"If-None-Match": old.headers["ETag"]})
    assert answer.status_code == 200 and answer.get_data()
    assert answer.headers["ETag"] != old.headers["ETag"]


def test_every_other_page_stays_no_store(client, login_as):
    login_as("commune")
    for url in ("/", "/cases", "/cases/new", "/offline", "/outbox", "/outbox/key", "/manifest.webmanifest",
                "/sw.js/", "/login"):
        response = client.get(url)
        response.close()
        if response.status_code == 404:
            continue
        assert response.headers["Cache-Control"] == "no-store", url
