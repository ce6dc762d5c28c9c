/* Sen: small progressive enhancements. Everything works without this file, only less smoothly. */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // A fresh random id for each form instance: the server's idempotency key.
  function newSubmissionId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function fillSubmissionIds(root) {
    root.querySelectorAll("input[data-submission-id]").forEach(function (input) {
      if (!input.value) { input.value = newSubmissionId(); }
    });
  }

  function setBusy(form, busy) {
    form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (button) {
      button.disabled = busy;
      if (busy) { button.setAttribute("aria-busy", "true"); } else { button.removeAttribute("aria-busy"); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { fillSubmissionIds(document); });

  // Ask before destructive actions; runs first so a cancelled submit is never sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    if (!form.hasAttribute("hx-post")) { setBusy(form, true); }
  }, true);

  document.addEventListener("reset", function (event) {
    event.target.querySelectorAll("input[data-submission-id]").forEach(function (input) {
      setTimeout(function () { input.value = newSubmissionId(); }, 0);
    });
  });

  // Coming back with the browser's back button must not leave buttons disabled.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form").forEach(function (form) { setBusy(form, false); });
  });

  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = csrfToken();
  });
  document.addEventListener("htmx:load", function (event) { fillSubmissionIds(event.target); });
})();

/* The service worker keeps the app shell for times without signal. */
if ("serviceWorker" in navigator) {
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { /* works without it */ });
  });
}
