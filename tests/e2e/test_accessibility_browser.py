"""Every page every role reaches, in a real browser on a 360 px phone: axe-core finds no serious or critical
WCAG 2.2 A/AA violation, every target is at least 44 x 44 px, the focus outline has 3:1 contrast with what
is behind it, and at 320 px with the text doubled nothing scrolls sideways.

Pages are found by following links from each role's home page and menu, two links deep (tests/pages.py),
plus the six steps of the reception form and every create form: a new page linked from the menu is
audited without changing this test. axe-core comes from the axe-playwright-python package (no download).

Two decisions, following WCAG 2.2:
- Target size: a link inside a sentence (running text) is exempt ("inline" exception); so is a target
  smaller than 44 px whose 44 px circle, centred on it, touches no other target ("spacing" exception).
  A checkbox or radio is measured by its label, which is what a finger taps.
- Reflow: a data table may scroll sideways inside its own region, which must then be focusable and named.
- A native <select> cannot wrap its text: at 360 px every option of every visible select must fit the box
  (its content width less room for the arrow), or the officer reads a label cut in half.
"""
from __future__ import annotations

import time

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from tests import pages
from tests.conftest import Browserish
from tests.e2e.helpers import sign_in
from webapp.extensions import db

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAIL_ON = {"serious", "critical"}
MINIMUM_PAGES = 58

TARGETS_JS = """() => {
  const MIN = 44, R = MIN / 2;
  const visible = el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && el.checkVisibility({visibilityProperty: true}) && r.right > 0;
  };
  const inline = el => {
    // A link in running text: its block holds text of its own beside the link.
    if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") return false;
    const block = el.parentElement;
    return [...block.childNodes].some(n => n.nodeType === 3 && n.textContent.trim().length > 1);
  };
  const found = [];
  for (const el of document.querySelectorAll("a[href], button, input, select, textarea, summary")) {
    let target = el;
    if (el.matches("input[type=hidden]")) continue;
    if (el.matches("input[type=checkbox], input[type=radio]")) target = el.closest("label, li") || el;
    if (!visible(target) || inline(el)) continue;
    found.push(target);
  }
  const targets = [...new Set(found)];
  const boxes = targets.map(t => t.getBoundingClientRect());
  const small = [];
  targets.forEach((t, i) => {
    const b = boxes[i];
    if (b.width >= MIN - 0.5 && b.height >= MIN - 0.5) return;
    const cx = b.left + b.width / 2, cy = b.top + b.height / 2;
    const touches = boxes.some((o, j) => {
      if (j === i || t.contains(targets[j]) || targets[j].contains(t)) return false;
      const dx = Math.max(o.left - cx, 0, cx - o.right), dy = Math.max(o.top - cy, 0, cy - o.bottom);
      return dx * dx + dy * dy < R * R;
    });
    if (touches) {
      const name = (t.innerText || t.value || t.getAttribute("aria-label") || t.name || "").trim().slice(0, 40);
      small.push(`<${t.tagName.toLowerCase()}> "${name}" ${Math.round(b.width)}x${Math.round(b.height)}`);
    }
  });
  return small;
}"""

REFLOW_JS = """() => {
  const root = document.documentElement, width = root.clientWidth, out = [];
  if (root.scrollWidth > width) {
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 1 && el.checkVisibility() && !el.closest(".table-wrap")) {
        const kids = [...el.children].some(c => c.getBoundingClientRect().right > width + 1);
        if (!kids) out.push(`<${el.tagName.toLowerCase()} class="${el.className}"> "${(el.innerText || "").trim().slice(0, 30)}" reaches ${Math.round(r.right)} px`);
      }
    }
    if (!out.length) out.push(`the page is ${root.scrollWidth} px wide`);
  }
  for (const el of document.querySelectorAll("*")) {
    const s = getComputedStyle(el);
    if (!/(auto|scroll)/.test(s.overflowX) || el.scrollWidth <= el.clientWidth + 1) continue;
    if (el.tabIndex < 0 || !(el.getAttribute("aria-label") || el.getAttribute("aria-labelledby")))
      out.push(`a region that scrolls sideways (<${el.tagName.toLowerCase()} class="${el.className}">) is not focusable and named`);
  }
  return out.slice(0, 5);
}"""


FOCUS_JS = """() => {
  const channels = c => c.match(/[\\d.]+/g).map(Number);
  const lum = c => {
    const [r, g, b] = channels(c).slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const opaque = c => { const m = channels(c); return m.length < 4 || m[3] > 0.5; };
  const background = el => {
    for (let e = el; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor; if (opaque(c)) return c; }
    return "rgb(255, 255, 255)";
  };
  const out = [];
  const all = document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex='0']");
  for (const el of [...all].filter(e => e.checkVisibility()).slice(0, 80)) {
    el.focus();
    if (document.activeElement !== el || !el.matches(":focus-visible")) continue;
    const s = getComputedStyle(el), tag = el.tagName.toLowerCase();
    if (s.outlineStyle === "none" || parseFloat(s.outlineWidth) < 2) { out.push(`<${tag} class="${el.className}"> shows no focus outline`); continue; }
    // The outline is drawn outside the element (outline-offset): it is seen against what is behind it.
    const [a, b] = [lum(s.outlineColor), lum(background(el.parentElement))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 3) out.push(`focus outline ${s.outlineColor} on <${tag} class="${el.className}"> has contrast ${ratio.toFixed(1)}:1 (3:1 needed)`);
  }
  if (document.activeElement) document.activeElement.blur();
  return [...new Set(out)];
}"""


# Every option's text, measured in the select's own font, fits the select's box less its padding and the
# arrow (about 24 px). Agencies' names are left out: an administrator types them, the app cannot shorten them.
SELECTS_JS = """() => {
  const ARROW = 24;
  const ctx = document.createElement("canvas").getContext("2d");
  const out = [];
  for (const select of document.querySelectorAll("select")) {
    if (!select.checkVisibility({visibilityProperty: true}) || select.getBoundingClientRect().width === 0) continue;
    const s = getComputedStyle(select);
    ctx.font = s.font;
    const room = select.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight) - ARROW;
    const label = select.labels && select.labels[0] ? select.labels[0].innerText.trim().slice(0, 30) : "";
    for (const option of select.options) {
      if (/agency_id$/.test(select.name) && /^[0-9]+$/.test(option.value)) continue;
      const text = option.text.trim(), width = ctx.measureText(text).width;
      if (width > room + 0.5)
        out.push(`select "${select.name}" (${label}): option "${text}" is ${Math.round(width)} px, the box has ${Math.round(room)} px`);
    }
  }
  return out;
}"""


def _axe(page) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    result = page.evaluate("opts => axe.run(document, opts)", {"runOnly": {"type": "tag", "values": TAGS},
                                                              "resultTypes": ["violations"]})
    return [f"axe {v['id']} ({v['impact']}): {', '.join(' '.join(n['target']) for n in v['nodes'][:4])}"
            for v in result["violations"] if v["impact"] in FAIL_ON]


def _reflow(page) -> list[str]:
    page.set_viewport_size({"width": 320, "height": 640})
    # CSSOM, not a <style> tag: the strict CSP lets a script set a style property, as a browser's text
    # size setting would.
    page.evaluate("""() => { const root = document.documentElement;
        root.style.fontSize = (2 * parseFloat(getComputedStyle(root).fontSize)) + "px"; }""")
    found = [f"at 320 px, text doubled: {p}" for p in page.evaluate(REFLOW_JS)]
    page.evaluate("() => { document.documentElement.style.fontSize = ''; }")
    page.set_viewport_size({"width": 360, "height": 740})
    return found


def _audit(page) -> list[str]:
    page.wait_for_load_state("load")
    # What a tap unfolds (a form to record a visit, to erase data) is audited too.
    page.evaluate("() => document.querySelectorAll('main details').forEach(d => { d.open = true; })")
    found = _axe(page)
    found += [f"target under 44 px: {t}" for t in page.evaluate(TARGETS_JS)]
    found += [f"cut at 360 px: {t}" for t in page.evaluate(SELECTS_JS)]
    page.keyboard.press("Shift")  # focus is then shown as after a key press (:focus-visible)
    found += page.evaluate(FOCUS_JS)
    page.evaluate("() => scrollTo(0, 0)")
    found += _reflow(page)
    return found


def _reception_steps(page, base) -> dict[str, list[str]]:
    """The six steps of the reception form, each as the officer sees it."""
    page.goto(base + "/cases/new")
    page.wait_for_load_state("load")
    page.evaluate("() => { if (window.Sen) { window.Sen.validate = null; } }")  # move on with empty fields
    found = {}
    for step in range(1, 7):
        found[f"/cases/new step {step}"] = _audit(page)
        if step < 6:
            page.locator(".step-bar .button:not(.secondary)").click()
    return found


def test_every_page_of_every_role_is_accessible_on_a_small_phone(app, live_server, browser):
    with app.app_context():
        usernames = pages.seed()
        db.session.remove()
    started = time.monotonic()
    problems: dict[str, list[str]] = {}
    audited = 0
    steps_done = False  # the six steps are audited once, for the first role that records cases
    for role in pages.ROLES:
        client = Browserish(app)
        assert client.login(usernames[role]).status_code == 303

        def get(path):
            response = client.get(path)
            return response.status_code, response.get_data(as_text=True)

        paths = pages.discover(get, role)
        context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1,
                                      is_mobile=True, has_touch=True, locale="vi-VN")
        page = context.new_page()
        try:
            sign_in(page, live_server, usernames[role])
            # The open menu is audited once, on the home page.
            page.locator(".menu summary").click()
            problems[f"{role} / (menu open)"] = [p for p in page.evaluate(TARGETS_JS)]
            for path in paths:
                page.goto(live_server + path)
                problems[f"{role} {path}"] = _audit(page)
                audited += 1
            if "/cases/new" in paths and not steps_done:
                steps_done = True
                for name, found in _reception_steps(page, live_server).items():
                    problems[f"{role} {name}"] = found
                    audited += 1
        finally:
            context.close()
    # One line per problem, with the pages it was seen on: the same fault on every page shows once.
    pages_of: dict[str, list[str]] = {}
    for where, found in problems.items():
        for problem in dict.fromkeys(found):
            pages_of.setdefault(problem, []).append(where)
    report = "\n".join(f"{problem}\n    on {len(seen)} pages: {', '.join(seen[:4])}{' ...' if len(seen) > 4 else ''}"
                       for problem, seen in pages_of.items())
    print(f"\naccessibility: {audited} pages audited in {time.monotonic() - started:.0f} s:")
    print("\n".join(f"  {where}" for where in problems if "(menu open)" not in where))
    failing = sum(1 for found in problems.values() if found)
    assert not pages_of, f"{len(pages_of)} problems on {failing} of {audited} pages audited:\n{report}"
    assert audited >= MINIMUM_PAGES, f"only {audited} pages were reached: has the menu lost links?"


def test_any_section_of_a_long_case_page_is_two_taps_away(app, live_server, phone):
    """Deep in the case page, the section index is still at the top of the screen: open it, tap a section."""
    from tests import factories

    with app.app_context():
        officer = factories.create_user("commune", username="index-user")
        case = factories.create_case(officer)
        factories.create_support_event(case)
        factories.create_followup(case)
        code = case.code
    page = phone
    sign_in(page, live_server, "index-user")
    page.goto(f"{live_server}/cases/{code}")
    page.locator("#timeline").scroll_into_view_if_needed()
    index = page.locator(".section-index summary")
    assert index.is_visible() and index.bounding_box()["y"] < 10, "the index stays at the top of the screen"
    index.click()
    page.locator(".section-index a[href='#referrals']").click()
    assert page.evaluate("location.hash") == "#referrals"
    heading = page.locator("#referrals h2").bounding_box()
    assert 0 <= heading["y"] < 200, "the chosen section starts near the top, below the index"
    assert not page.locator(".section-index").evaluate("d => d.open"), "the index folds away"
