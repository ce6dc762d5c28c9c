"""In a real browser: forms filled without signal are sealed on the phone and delivered exactly once."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.e2e.helpers import sign_in, storage_dump, wait_for, wait_until_offline_ready, waiting

pytestmark = pytest.mark.browser

NAME = "Nguyễn Thị Ngọc Hà"


def count(app, model) -> int:
    with app.app_context():
        from webapp.extensions import db

        return db.session.scalar(select(func.count()).select_from(model))


def fill_reception(page, name=NAME):
    next_step = page.get_by_role("button", name="Tiếp theo")
    page.get_by_label("Hình thức tiếp nhận").select_option("foreign_handover")
    page.get_by_label("Cửa khẩu").select_option("dinh_ba")
    page.get_by_label("Ngày tiếp nhận").fill((date.today() - timedelta(days=1)).isoformat())
    page.locator("#reception_place").fill("Nhà văn hoá ấp Hoà Khánh")
    next_step.click()
    page.get_by_label("Họ và tên").fill(name)
    page.locator("label", has_text="Nữ").first.click()
    page.get_by_label("Năm sinh", exact=False).first.fill("1998")
    page.get_by_label("Dân tộc").select_option("01")
    page.locator("#phone").fill("0912 345 678")
    next_step.click()
    next_step.click()
    page.locator("input[name=purposes][value=scam_compound]").check()
    page.locator("#exploitation_country").select_option("KH")
    next_step.click()
    page.locator("input[name=needs][value=b]").check()
    page.locator("#notes").fill("Cần hỗ trợ tâm lý, sợ người môi giới ở xóm Rạch Gốc")
    next_step.click()
    page.locator("#consent_support").check()
    page.locator("#consent_statistics").check()


def test_reception_filled_offline_arrives_once_with_every_field(app, live_server, phone):
    with app.app_context():
        factories.create_user("commune", username="lan")
    page = phone
    sign_in(page, live_server, "lan")
    wait_until_offline_ready(page)

    page.context.set_offline(True)
    page.goto(live_server + "/cases/new")       # the blank copy kept on the phone
    fill_reception(page)
    page.get_by_role("button", name="Lưu hồ sơ").click()
    page.wait_for_url(live_server + "/outbox?saved=case")
    assert "Đã lưu trên điện thoại này" in page.locator("#outbox-saved").inner_text()
    wait_for(lambda: "1 mục chờ gửi" in page.locator("#outbox-summary").inner_text(), message="summary")
    assert "Không có kết nối" in page.locator("#netstatus").inner_text()
    # Nothing typed is readable from the phone's storage.
    dump = storage_dump(page)
    for typed in (NAME, "Ngọc Hà", "0912 345 678", "Rạch Gốc", "Hoà Khánh"):
        assert typed not in dump

    page.context.set_offline(False)
    wait_for(lambda: not waiting(page), message="delivery")
    with app.app_context():
        from webapp.cases.models import Case
        from webapp.extensions import db

        cases = db.session.scalars(select(Case)).all()
        assert len(cases) == 1
        case = cases[0]
        assert case.person.full_name == NAME and case.person.birth_year == 1998
        assert case.person.phone == "0912 345 678"
        assert case.notes == "Cần hỗ trợ tâm lý, sợ người môi giới ở xóm Rạch Gốc"
        assert case.reception_place == "Nhà văn hoá ấp Hoà Khánh"
        assert case.reception_date == date.today() - timedelta(days=1)
        assert case.tag_codes("purpose") == ["scam_compound"] and case.has_consent("support")
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []


def log_tipoff(page, base, summary):
    page.goto(base + "/tipoffs/new")
    page.locator("[name=summary]").fill(summary)
    page.locator("[name=channel]").select_option("hotline")
    page.locator("form[data-create-form] [type=submit]").click()


def log_support(page, base, code, description):
    page.goto(base + "/support/quick")
    page.locator("#case_code").fill(code)
    page.locator("#regime").select_option("a")
    page.locator("#description").fill(description)
    page.locator("form[data-create-form] [type=submit]").click()


def saved_on_phone(page, base):
    page.wait_for_url(base + "/outbox?saved=*")


def officer_with_cases(app, username="lan", cases=1):
    with app.app_context():
        officer = factories.create_user("commune", username=username)
        return [factories.create_case(user=officer).code for _ in range(cases)]


@pytest.fixture
def lan(app, live_server, phone):
    """Lan, a commune officer with one case, signed in on a phone that is ready to work without signal."""
    phone.case_code = officer_with_cases(app)[0]
    sign_in(phone, live_server, "lan")
    wait_until_offline_ready(phone)
    return phone


def queue_tipoffs(page, base, texts):
    """Tip-offs saved with no signal: each one ends on the phone's outbox page."""
    page.context.set_offline(True)
    for text in texts:
        log_tipoff(page, base, text)
        saved_on_phone(page, base)


def records(app):
    """How many of each record the server holds, and how many submissions it has seen."""
    with app.app_context():
        from webapp.cases.models import Case
        from webapp.extensions import db
        from webapp.submissions.models import Submission
        from webapp.support.models import SupportEvent
        from webapp.tipoffs.models import TipOff

        return {name: db.session.scalar(select(func.count()).select_from(model)) for name, model in
                (("case", Case), ("support", SupportEvent), ("tipoff", TipOff), ("submission", Submission))}


def test_twenty_submissions_across_the_three_forms_arrive_once_each(app, live_server, lan):
    page = lan
    code = page.case_code
    page.context.set_offline(True)
    for i in range(20):
        if i % 3 == 0:
            page.goto(live_server + "/cases/new")
            fill_reception(page, name=f"Trần Thị Thử Nghiệm {i}")
            page.get_by_role("button", name="Lưu hồ sơ").click()
        elif i % 3 == 1:
            log_support(page, live_server, code, f"Gạo và quần áo, lần {i}")
        else:
            log_tipoff(page, live_server, f"Tin báo số {i}: có người lạ rủ đi làm ở nước ngoài.")
        saved_on_phone(page, live_server)
    assert len(waiting(page)) == 20
    assert records(app) == {"case": 1, "support": 0, "tipoff": 0, "submission": 0}

    page.context.set_offline(False)
    wait_for(lambda: not waiting(page), timeout=60, message="delivery of 20 entries")
    assert records(app) == {"case": 1 + 7, "support": 7, "tipoff": 6, "submission": 20}


def test_a_lost_answer_is_sent_again_and_still_makes_one_record(app, live_server, lan, faults):
    page = lan
    faults.lose_answer("/tipoffs/new")   # the server saves and answers, but the answer never reaches the phone
    log_tipoff(page, live_server, "Tin báo mà câu trả lời bị mất trên đường về.")
    saved_on_phone(page, live_server)
    wait_for(lambda: not waiting(page), message="the second try")
    assert faults.seen == [("lost", 200)]
    assert records(app)["tipoff"] == 1 and records(app)["submission"] == 1


def test_a_server_failing_three_times_is_retried_until_it_accepts(app, live_server, lan, faults):
    page = lan
    faults.fail("/tipoffs/new", status=500, times=3)
    log_tipoff(page, live_server, "Tin báo gửi lúc máy chủ đang trục trặc.")
    saved_on_phone(page, live_server)
    wait_for(lambda: not waiting(page), timeout=45, message="delivery after three failures")
    assert faults.seen == [("status", 500)] * 3
    assert records(app)["tipoff"] == 1


def test_an_ended_session_pauses_the_queue_until_the_officer_signs_in(app, live_server, lan):
    page = lan
    queue_tipoffs(page, live_server, [f"Tin báo {i} chờ phiên đăng nhập mới." for i in range(2)])
    end_sessions(app)
    page.context.set_offline(False)
    wait_for(lambda: "Đăng nhập lại để gửi 2 mục đang chờ" in page.locator("#netstatus").inner_text(),
             message="the request to sign in")
    assert page.locator("#outbox-login").is_visible()
    assert len(waiting(page)) == 2 and records(app)["tipoff"] == 0

    sign_in(page, live_server, "lan")
    wait_for(lambda: not waiting(page), message="delivery after signing in")
    assert records(app)["tipoff"] == 2


def test_a_refused_entry_waits_for_attention_while_the_rest_go_through(app, live_server, lan):
    page = lan
    code = page.case_code
    page.context.set_offline(True)
    log_support(page, live_server, "DT-2026-99999", "Xe đạp cho con đi học")   # no such case
    saved_on_phone(page, live_server)
    for i in range(2):
        log_tipoff(page, live_server, f"Tin báo {i} gửi cùng lúc.")
        saved_on_phone(page, live_server)
    page.context.set_offline(False)
    wait_for(lambda: not waiting(page), message="delivery")
    assert records(app)["tipoff"] == 2 and records(app)["support"] == 0

    page.goto(live_server + "/outbox")
    attention = page.locator("#outbox-attention .needs-attention")
    wait_for(lambda: attention.count() == 1, message="the entry needing attention")
    text = attention.inner_text()
    assert "Mã hồ sơ" in text and "Xe đạp" not in text   # the server's message, never what was typed
    assert "1 mục cần xem lại" in page.locator("#netstatus").inner_text()

    # Opening it shows the form again with what was typed and the message; fixed, it is saved once.
    attention.get_by_role("button", name="Mở và sửa").click()
    page.wait_for_url(live_server + "/support/quick")
    assert page.locator("#description").input_value() == "Xe đạp cho con đi học"
    assert page.locator("#case_code-error").is_visible()
    page.locator("#case_code").fill(code)
    page.locator("form[data-create-form] [type=submit]").click()
    page.wait_for_url(live_server + "/support/quick?saved=*")
    wait_for(lambda: not page.evaluate("window.Sen.ask({type: 'status'})")["entries"], message="an empty outbox")
    assert records(app)["support"] == 1


def test_double_taps_and_two_tabs_sending_at_once_make_one_record_each(app, live_server, lan):
    page = lan

    # Online: a double tap on save, and a form sent twice by the browser.
    page.goto(live_server + "/tipoffs/new")
    page.locator("[name=summary]").fill("Chạm hai lần vào nút lưu.")
    page.locator("[name=channel]").select_option("hotline")
    page.locator("form[data-create-form] [type=submit]").dblclick()
    page.wait_for_url(live_server + "/tipoffs/TB-*")
    assert records(app)["tipoff"] == 1

    # Offline: the same form submitted twice is kept once.
    page.context.set_offline(True)
    page.goto(live_server + "/tipoffs/new")
    page.locator("[name=summary]").fill("Gửi hai lần khi không có sóng.")
    page.locator("[name=channel]").select_option("hotline")
    page.evaluate("""() => { const f = document.querySelector('form[data-create-form]');
                             f.requestSubmit(); f.requestSubmit(); }""")
    saved_on_phone(page, live_server)
    assert len(waiting(page)) == 1

    # Two tabs with entries of their own, both sending when the signal returns.
    second = page.context.new_page()
    second.goto(live_server + "/outbox")
    for tab, n in ((page, 3), (second, 3)):
        for i in range(n):
            log_tipoff(tab, live_server, f"Tin báo từ thẻ {id(tab) % 7}-{i}.")
            saved_on_phone(tab, live_server)
    assert len(waiting(page)) == 7
    page.context.set_offline(False)
    page.evaluate("() => { window.Sen.deliver(); }")
    second.evaluate("() => { window.Sen.deliver(); }")
    wait_for(lambda: not waiting(page) and not waiting(second), message="delivery from two tabs")
    assert records(app)["tipoff"] == 1 + 7 and records(app)["submission"] == 1 + 7


def end_sessions(app):
    # One UPDATE, no read before it: on SQLite a read-then-write transaction fails at once ("database is
    # locked") when the server wrote in between, while a first write waits for the lock.
    with app.app_context():
        from sqlalchemy import update

        from webapp.auth.models import UserSession
        from webapp.db import utcnow
        from webapp.extensions import db

        db.session.execute(update(UserSession).values(
            last_seen_at=utcnow() - app.config["SESSION_IDLE_TIMEOUT"] - timedelta(minutes=1)))
        db.session.commit()


def test_an_update_waits_while_entries_wait_and_loses_nothing(app, live_server, lan):
    page = lan
    old_version = page.evaluate("window.Sen.ask({type: 'status'})")["version"]
    queue_tipoffs(page, live_server, [f"Tin báo {i} giữ qua lần cập nhật." for i in range(2)])
    # The signal is back but the session has ended, so the entries wait; a new version is published.
    end_sessions(app)
    page.context.set_offline(False)
    app.config["SEN_BUILD"] = "next"
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    wait_for(lambda: page.evaluate("navigator.serviceWorker.getRegistration().then(r => !!r.waiting)"),
             message="the new version to be installed")
    assert page.evaluate("window.Sen.ask({type: 'status'})")["version"] == old_version
    assert len(waiting(page)) == 2
    assert page.locator("#update-ready").is_hidden()
    # Asked directly, the waiting version refuses to take over while entries wait.
    refused = page.evaluate("""() => new Promise(async (done) => {
        const reg = await navigator.serviceWorker.getRegistration();
        const channel = new MessageChannel();
        channel.port1.onmessage = (event) => done(event.data);
        reg.waiting.postMessage({type: 'activate', user: window.Sen.user}, [channel.port2]);
    })""")
    assert refused == {"ok": False}

    sign_in(page, live_server, "lan")
    wait_for(lambda: not waiting(page), message="delivery before the update")
    assert records(app)["tipoff"] == 2
    page.goto(live_server + "/outbox")
    page.locator("#update-ready").wait_for(state="visible")
    with page.expect_navigation(timeout=120_000):  # the new worker activates, then the page reloads: slow on a busy machine
        page.locator("#update-ready button").click()
    wait_for(lambda: page.evaluate("window.Sen.ask({type: 'status'})")["version"] != old_version,
             message="the new version")
    assert records(app)["tipoff"] == 2


def sign_out(page, base):
    page.locator(".menu summary").click()
    page.get_by_test_id("logout").click()
    page.wait_for_url(base + "/login*")


def test_after_logout_nothing_personal_stays_and_entries_wait_for_their_own_account(app, live_server, lan, faults):
    with app.app_context():
        factories.create_user("commune", username="binh")
    page = lan
    code = page.case_code
    page.goto(f"{live_server}/cases/{code}")           # a page with personal data, seen online
    name = page.locator("h1").inner_text()
    queue_tipoffs(page, live_server, [f"Tin báo {i} của Lan, chưa gửi được." for i in range(2)])
    faults.cut("/tipoffs/new")
    page.context.set_offline(False)
    page.goto(live_server + "/")
    sign_out(page, live_server)
    wait_for(lambda: "sen-forms" not in storage_dump(page), message="the blank forms to be dropped")
    dump = storage_dump(page)
    assert name not in dump
    assert "Lan, chưa gửi" not in dump
    assert page.evaluate("localStorage.getItem('sen-user')") is None
    assert f"/cases/{code}" not in dump
    page.context.set_offline(True)                      # signed out, the forms are no longer kept
    page.goto(live_server + "/cases/new")
    assert page.locator("#offline h1").is_visible()
    wait_for(lambda: page.locator("#offline-forms li:visible a").all_inner_texts() == ["Chờ gửi"],
             message="only the outbox to be listed")
    page.context.set_offline(False)

    # Another officer on the same phone neither sees nor sends Lan's entries.
    faults.restore()
    sign_in(page, live_server, "binh")
    page.goto(live_server + "/outbox")
    page.locator("#outbox-others").wait_for(state="visible")
    assert "2 mục do tài khoản khác lưu" in page.locator("#outbox-others").inner_text()
    assert page.locator("#outbox-waiting li").count() == 0
    page.evaluate("window.Sen.deliver()")
    assert records(app)["tipoff"] == 0

    page.goto(live_server + "/")
    sign_out(page, live_server)
    sign_in(page, live_server, "lan")
    wait_for(lambda: not waiting(page), message="Lan's entries after she signs in again")
    assert records(app)["tipoff"] == 2


def test_another_site_cannot_submit_through_the_offline_helper(app, live_server, lan):
    page = lan
    port = live_server.rsplit(":", 1)[1]
    other_site = f"http://localhost:{port}/prize"   # another site as far as the browser is concerned
    page.route(other_site, lambda route: route.fulfill(content_type="text/html; charset=utf-8", body=f"""
        <form method="post" action="{live_server}/tipoffs/new">
          <input name="summary" value="Tin giả do trang khác gửi"><input name="channel" value="hotline">
          <input name="commune_code" value="{factories.COMMUNE_A}"><input name="received_on" value="{date.today()}">
          <input name="submission_id" value="8f0c2a52-4a52-4c3c-9d1e-0d9c0b7f5a11"><input name="sen_owner" value="1">
          <button>Nhận quà</button></form>"""))
    page.goto(other_site)
    page.get_by_role("button", name="Nhận quà").click()
    page.wait_for_load_state()
    page.goto(live_server + "/outbox")
    assert records(app)["tipoff"] == 0
    assert page.evaluate("window.Sen.ask({type: 'status'})")["entries"] == []


# ---------- entries prove which account made them ----------

PLANT = """async (entry) => {
    const db = await new Promise((ok, ko) => { const r = indexedDB.open("sen", 1); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
    await new Promise((ok, ko) => { const tx = db.transaction("outbox", "readwrite"); tx.objectStore("outbox").put(entry);
                                    tx.oncomplete = ok; tx.onerror = () => ko(tx.error); });
    db.close();
}"""

# What script on the page can do with the key the worker keeps: use it, never read it.
KEY_AS_SCRIPT_SEES_IT = """async () => {
    const db = await new Promise((ok, ko) => { const r = indexedDB.open("sen-keys", 1); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
    const kept = await new Promise((ok) => { const r = db.transaction("binding").objectStore("binding").get("account"); r.onsuccess = () => ok(r.result); });
    db.close();
    let exported = "refused";
    try { await crypto.subtle.exportKey("raw", kept.key); exported = "exported"; } catch (e) { /* cannot be read */ }
    return { user: kept.user, extractable: kept.key.extractable, usages: kept.key.usages, exported: exported };
}"""


def planted(app, owner_id, bound_by, summary):
    """An entry naming `owner_id` that script on the page writes into the outbox, sealed with the public key."""
    from tests.tipoffs.helpers import tipoff_post

    data = tipoff_post(summary=summary)
    with app.app_context():
        sealed = factories.sealed_entry([(k, v) for k, v in data.items()], data["submission_id"], owner_id,
                                        "/tipoffs/new", bound_by=bound_by)
    return {"format": 1, "id": data["submission_id"], "owner": str(owner_id), "kind": "tipoff", "action": "/tipoffs/new",
            "place": "", "created": 0, "state": "waiting", "attempts": 0, "nextTry": 0, "messages": [], "sealed": sealed}


def test_entries_sealed_by_the_worker_are_bound_and_a_planted_entry_for_another_account_is_refused(app, live_server,
                                                                                                   lan):
    with app.app_context():
        binh_id = factories.create_user("commune", username="binh").id
    page = lan
    lan_id = int(page.evaluate("window.Sen.user"))
    key = page.evaluate(KEY_AS_SCRIPT_SEES_IT)
    assert key == {"user": str(lan_id), "extractable": False, "usages": ["sign"], "exported": "refused"}

    queue_tipoffs(page, live_server, ["Tin báo thật của Lan."])
    [entry] = page.evaluate("""async () => { const db = await new Promise(ok => { const r = indexedDB.open("sen", 1);
        r.onsuccess = () => ok(r.result); }); return await new Promise(ok => {
        const r = db.transaction("outbox").objectStore("outbox").getAll(); r.onsuccess = () => ok(r.result); }); }""")
    assert set(entry["sealed"]["bind"]) == {"kid", "mac"}

    # Script on the page plants two entries naming Lan: one bound with Bình's key, one not bound at all.
    page.evaluate(PLANT, planted(app, lan_id, binh_id, "Tin giả gắn khóa của Bình."))
    page.evaluate(PLANT, planted(app, lan_id, None, "Tin giả không gắn khóa."))
    page.context.set_offline(False)
    page.goto(live_server + "/outbox")
    wait_for(lambda: not waiting(page), message="delivery")
    with app.app_context():
        from webapp.extensions import db
        from webapp.tipoffs.models import TipOff

        assert [t.summary for t in db.session.scalars(select(TipOff))] == ["Tin báo thật của Lan."]
    attention = page.locator("#outbox-attention .needs-attention")
    wait_for(lambda: attention.count() == 2, message="the planted entries set aside")
    assert "không được tạo trên điện thoại đang đăng nhập tài khoản này" in attention.first.inner_text()


def set_user(app, username, **values):
    """Change an account as the administrator's pages do, in one write (see end_sessions)."""
    with app.app_context():
        from sqlalchemy import update

        from webapp.auth.models import User
        from webapp.extensions import db

        db.session.execute(update(User).where(User.username == username).values(**values))
        db.session.commit()


def disable(app, username):
    set_user(app, username, active=False)               # its sessions stop working at once (see session_loader)


def test_a_disabled_account_s_phone_says_its_entries_cannot_be_sent(app, live_server, lan):
    page = lan
    queue_tipoffs(page, live_server, [f"Tin báo {i} của tài khoản sắp bị khóa." for i in range(2)])
    disable(app, "lan")
    page.context.set_offline(False)
    page.evaluate("window.Sen.deliver()")
    bar = page.locator("#netstatus")
    wait_for(lambda: "Tài khoản này đã bị khóa: 2 mục đang chờ không gửi được" in bar.inner_text(),
             message="the bar to say the account is disabled")
    assert page.locator("#outbox-disabled").is_visible() and page.locator(".net-login").is_hidden()
    page.reload()                                     # told once by the server, remembered by the phone
    wait_for(lambda: page.locator("#outbox-disabled").is_visible(), message="the outbox page to say it again")
    assert len(waiting(page)) == 2 and records(app)["tipoff"] == 0

    # Signing in on that phone says so too.
    page.goto(live_server + "/login")
    page.get_by_label("Tên đăng nhập").fill("lan")
    page.get_by_label("Mật khẩu").fill(factories.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    assert "Các mục lưu trên điện thoại này bằng tài khoản này không gửi được" in page.locator(
        "#login-disabled").inner_text()


def test_a_password_change_due_asks_for_it_instead_of_signing_in_again(app, live_server, lan):
    page = lan
    queue_tipoffs(page, live_server, ["Tin báo chờ đổi mật khẩu."])
    set_user(app, "lan", must_change_password=True)
    page.context.set_offline(False)
    page.evaluate("window.Sen.deliver()")
    bar = page.locator("#netstatus")
    wait_for(lambda: "Đổi mật khẩu để gửi 1 mục đang chờ" in bar.inner_text(), message="the request to change it")
    assert "Đăng nhập lại" not in bar.inner_text() and page.locator(".net-login").is_hidden()
    assert page.locator(".net-password").get_attribute("href") == "/account/password"
    assert page.locator("#outbox-password").is_visible() and page.locator("#outbox-login").is_hidden()
    assert records(app)["tipoff"] == 0


def test_an_entry_queued_by_the_version_before_binding_is_still_delivered(app, live_server, lan):
    """What the previous worker left in the outbox: sealed to the key of then, with no binding."""
    page = lan
    with app.app_context():
        from sqlalchemy import update

        from webapp.extensions import db
        from webapp.pwa.models import SealingKey

        old_kid = db.session.scalar(select(SealingKey.kid))
        db.session.rollback()                                   # a write of its own (see end_sessions)
        db.session.execute(update(SealingKey).values(legacy=True))  # as the migration marks the keys of then
        db.session.commit()
    lan_id = int(page.evaluate("window.Sen.user"))
    from tests.tipoffs.helpers import tipoff_post

    data = tipoff_post(summary="Tin báo lưu trước khi nâng cấp.")
    with app.app_context():
        sealed = factories.sealed_entry(list(data.items()), data["submission_id"], lan_id, "/tipoffs/new",
                                        bound_by=None, kid=old_kid)
    assert "bind" not in sealed
    page.evaluate(PLANT, {"format": 1, "id": data["submission_id"], "owner": str(lan_id), "kind": "tipoff",
                          "action": "/tipoffs/new", "place": "", "created": 0, "state": "waiting", "attempts": 0,
                          "nextTry": 0, "messages": [], "sealed": sealed})
    page.goto(live_server + "/outbox")
    wait_for(lambda: not page.evaluate("window.Sen.ask({type: 'status'})")["entries"], message="delivery")
    assert records(app)["tipoff"] == 1
