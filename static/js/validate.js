/* Sen: the rules the server declares on a form's fields (data-* attributes, see webapp/forms.py), checked on the
   phone before a form is sent or sealed, with the server's own messages, in the server's error markup.
   The server checks everything again; this only spares a refusal days later, when the person may be gone. */
(function () {
  "use strict";

  var RULES = ["data-required", "data-required-if", "maxlength", "data-integer", "data-min", "data-max",
               "data-pattern", "data-max-date", "data-min-date", "data-max-of", "data-min-of", "data-after"];
  var SELECTOR = RULES.map(function (r) { return "[" + r + "]"; }).join(",");
  var CONTROLS = "input, select, textarea";

  function isControl(el) { return /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName); }

  // What a field holds: one text, or for a list of radios or checkboxes, the checked values.
  function values(form, el) {
    if (!isControl(el)) {
      return Array.prototype.filter.call(el.querySelectorAll("input"), function (i) { return i.checked; })
        .map(function (i) { return i.value; });
    }
    if (el.type === "checkbox" || el.type === "radio") { return el.checked ? [el.value] : []; }
    return el.value.trim() === "" ? [] : [el.value.trim()];
  }

  function valuesOf(form, name) {
    var out = [];
    Array.prototype.forEach.call(form.querySelectorAll('[name="' + name + '"]'), function (el) {
      out = out.concat(values(form, el));
    });
    return out;
  }

  // Today's date where the officers are (the server's zone, given with the rule), as yyyy-mm-dd.
  function today(zone) {
    var d = new Date();
    try {
      var parts = {};
      new Intl.DateTimeFormat("en", { timeZone: zone || undefined, year: "numeric", month: "2-digit", day: "2-digit" })
        .formatToParts(d).forEach(function (p) { parts[p.type] = p.value; });
      return parts.year + "-" + parts.month + "-" + parts.day;
    } catch (e) {
      return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
    }
  }

  // "a=x|y&b=&c": a is x or y, b is empty, c is not empty.
  function conditionHolds(form, condition) {
    return condition.split("&").every(function (part) {
      var eq = part.indexOf("=");
      var got = valuesOf(form, eq < 0 ? part : part.slice(0, eq));
      if (eq < 0) { return got.length > 0; }
      var wanted = part.slice(eq + 1);
      if (wanted === "") { return got.length === 0; }
      return got.some(function (v) { return wanted.split("|").indexOf(v) >= 0; });
    });
  }

  function comparable(text) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) { return text; }
    var n = Number(text);
    return isNaN(n) ? null : n;
  }

  function otherValue(form, name) {
    var got = valuesOf(form, name);
    return got.length ? comparable(got[0]) : null;
  }

  // The first rule `el` breaks, as its message; "" when it keeps them all.
  function problem(form, el) {
    var got = values(form, el);
    var msg = function (rule) { return el.getAttribute("data-msg-" + rule) || ""; };
    if (!got.length) {
      if (el.hasAttribute("data-required")) { return msg("required"); }
      if (el.hasAttribute("data-required-if") && conditionHolds(form, el.getAttribute("data-required-if"))) {
        return msg("required-if");
      }
      return "";
    }
    var value = got[0];
    var max = el.getAttribute("maxlength");
    if (max && value.length > Number(max)) { return msg("maxlength"); }
    if (el.hasAttribute("data-integer") && !/^[+-]?\d+$/.test(value)) { return msg("integer"); }
    if (el.hasAttribute("data-min") || el.hasAttribute("data-max")) {
      var n = Number(value);
      if (el.hasAttribute("data-min") && !(n >= Number(el.getAttribute("data-min")))) { return msg("range"); }
      if (el.hasAttribute("data-max") && !(n <= Number(el.getAttribute("data-max")))) { return msg("range"); }
    }
    if (el.hasAttribute("data-pattern") && !new RegExp("^(?:" + el.getAttribute("data-pattern") + ")$").test(value)) {
      return msg("pattern");
    }
    var latest = el.getAttribute("data-max-date");
    if (latest && value > (latest === "today" ? today(el.getAttribute("data-timezone")) : latest)) { return msg("max-date"); }
    var earliest = el.getAttribute("data-min-date");
    if (earliest && value < earliest) { return msg("min-date"); }
    var mine = comparable(value), other;
    if (el.hasAttribute("data-max-of")) {
      other = otherValue(form, el.getAttribute("data-max-of"));
      if (mine !== null && other !== null && mine > other) { return msg("max-of"); }
    }
    if (el.hasAttribute("data-min-of")) {
      other = otherValue(form, el.getAttribute("data-min-of"));
      if (mine !== null && other !== null && mine < other) { return msg("min-of"); }
    }
    if (el.hasAttribute("data-after")) {
      other = otherValue(form, el.getAttribute("data-after"));
      if (mine !== null && other !== null && mine <= other) { return msg("after"); }
    }
    return "";
  }

  // The same markup the server renders for an error (templates/_macros/forms.html).
  function show(el, message) {
    var box = el.closest(".field") || el.parentNode;
    var id = el.id + "-error";
    var p = document.getElementById(id);
    var described = (el.getAttribute("aria-describedby") || "").split(" ").filter(function (x) { return x && x !== id; });
    if (message) {
      if (!p) {
        p = document.createElement("p");
        p.className = "error";
        p.id = id;
        box.appendChild(p);
      }
      p.textContent = message;
      box.classList.add("has-error");
      el.setAttribute("aria-invalid", "true");
      described.push(id);
    } else {
      if (p) { p.parentNode.removeChild(p); }
      box.classList.remove("has-error");
      el.removeAttribute("aria-invalid");
    }
    if (described.length) { el.setAttribute("aria-describedby", described.join(" ")); }
    else { el.removeAttribute("aria-describedby"); }
  }

  function focusable(el) { return isControl(el) ? el : el.querySelector(CONTROLS) || el; }

  /* Check every field with rules inside `root` (a form, or one step of it); show or clear each message.
     Returns true when nothing is broken; otherwise focuses the first broken field, after telling the form
     (event "sen:invalid" on the field) so that a form in steps can show the step that holds it. */
  function check(root) {
    var form = root.tagName === "FORM" ? root : root.closest("form");
    var first = null;
    Array.prototype.forEach.call(root.querySelectorAll(SELECTOR), function (el) {
      if (el.disabled || (!isControl(el) && !el.querySelector(CONTROLS))) { return; }
      var message = problem(form, el);
      show(el, message);
      if (message && !first) { first = el; }
    });
    if (first) {
      first.dispatchEvent(new CustomEvent("sen:invalid", { bubbles: true }));
      focusable(first).focus();
    }
    return first === null;
  }

  var Sen = window.Sen = window.Sen || {};
  Sen.validate = check;

  // On the window, in the capture phase: before the page's own submit handlers and before the service
  // worker sees the request, so a broken entry is never sent, sealed or queued.
  window.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.querySelector(SELECTOR)) { return; }
    var submitter = event.submitter;
    if (submitter && submitter.hasAttribute("formnovalidate")) { return; }
    if (!check(form)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // A message goes away as soon as the field is put right, while typing: were it to go only when the field
  // loses focus, the page would shift under the finger tapping "Next".
  function recheck(event) {
    var el = event.target.closest && event.target.closest(SELECTOR);
    var form = event.target.form || (el && el.closest("form"));
    if (!el || !form) { return; }
    if (document.getElementById(el.id + "-error") && !problem(form, el)) { show(el, ""); }
  }
  document.addEventListener("input", recheck);
  document.addEventListener("change", recheck);
})();
