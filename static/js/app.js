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

  // A form refused on a page (422) answers at the address it was posted to: the page names its own
  // address, so the address bar shows it and a reload opens the page instead of posting again.
  var pageUrl = document.querySelector('meta[name="sen-page-url"]');
  if (pageUrl && window.history && history.replaceState) {
    history.replaceState(history.state, "", pageUrl.getAttribute("content"));
  }

  // Ask before destructive actions; runs first so a cancelled submit is never sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    // Disabled only once the browser has built what it sends: a button disabled now would leave out
    // its own name=value (English, Copy (JSON)). A form that answers with a download stays usable.
    if (!form.hasAttribute("hx-post") && !form.hasAttribute("data-download")) {
      setTimeout(function () { if (!event.defaultPrevented) { setBusy(form, true); } }, 0);
    }
  }, true);

  document.addEventListener("reset", function (event) {
    event.target.querySelectorAll("input[data-submission-id]").forEach(function (input) {
      setTimeout(function () { input.value = newSubmissionId(); }, 0);
    });
  });

  // The case page's section index stays at the top of the screen: once a section is chosen, it folds away.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".section-index a");
    if (link) { link.closest("details").open = false; }
  });

  // Coming back with the browser's back button must not leave buttons disabled.
  // A form brought back from the browser's page cache is a new form: it must not reuse the id
  // of the one already saved.
  window.addEventListener("pageshow", function (event) {
    document.querySelectorAll("form").forEach(function (form) { setBusy(form, false); });
    if (event.persisted) {
      document.querySelectorAll("input[data-submission-id]").forEach(function (input) {
        input.value = newSubmissionId();
      });
    }
  });

  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = csrfToken();
  });
  document.addEventListener("htmx:load", function (event) { fillSubmissionIds(event.target); });
})();

/* Offline: the service worker keeps the shell and blank forms, and an outbox of sealed entries.
   This part tells it who is signed in, shows the connection and outbox state on every page,
   asks it to send (on load, when the signal returns, on "Send now", when a retry is due),
   and offers a new version only when nothing is waiting and no form is open. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) { return; }
  var sw = navigator.serviceWorker;

  function meta(name) {
    var m = document.querySelector('meta[name="' + name + '"]');
    return m ? m.getAttribute("content") : null;
  }

  // Pages kept on the phone (meta sen-blank) carry no account: the last signed-in one is remembered.
  var blank = meta("sen-blank");
  var user = meta("sen-user");
  // The first page after a sign-in sends what waits at once, as "Send now" does, whatever the backoff.
  var freshSignIn = false;
  try {
    if (user) { freshSignIn = localStorage.getItem("sen-user") !== user; localStorage.setItem("sen-user", user); }
    else if (blank === null) {
      localStorage.removeItem("sen-user");
      sessionStorage.clear();
      // Attendance taken on this phone (ids, statuses, walk-ins' names) goes with the account.
      Object.keys(localStorage).forEach(function (k) { if (k.indexOf("sen-attendance-") === 0) { localStorage.removeItem(k); } });
    }
    else { user = localStorage.getItem("sen-user"); }
  } catch (e) { /* storage refused: the outbox still works, only without the account on cached pages */ }

  var Sen = window.Sen = window.Sen || {};
  Sen.user = user;
  Sen.listeners = [];

  Sen.ask = function (msg) {
    return new Promise(function (resolve) {
      var worker = sw.controller;
      if (!worker) { resolve(null); return; }
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) { resolve(event.data); };
      if (!("user" in msg)) { msg.user = user; }
      worker.postMessage(msg, [channel.port2]);
    });
  };

  var bar, timer = null, lastStatus = null;

  function text(el, key, n) { return (el.getAttribute(key) || "").replace("{n}", String(n)); }

  function show(status) {
    if (!status || status.error) { return; }
    lastStatus = status;
    var waiting = status.entries.filter(function (e) { return e.state === "waiting"; });
    var attention = status.entries.length - waiting.length;
    var offline = !navigator.onLine || (status.reach === "offline" && waiting.length > 0);
    // Paused until the officer acts: sign in again, change the password, or (disabled) ask the administrator.
    var paused = ["login", "password", "disabled"].indexOf(status.reach) >= 0 && waiting.length > 0 ? status.reach : null;
    if (bar) {
      bar.hidden = false;
      bar.classList.toggle("is-offline", offline);
      bar.querySelector(".net-state").textContent = bar.getAttribute(offline ? "data-offline" : "data-online");
      bar.querySelector(".net-waiting").textContent = waiting.length ?
        text(bar, paused ? "data-" + paused : "data-waiting", waiting.length) : "";
      var att = bar.querySelector(".net-attention");
      att.hidden = attention === 0;
      att.textContent = text(bar, "data-attention", attention);
      bar.querySelector(".net-login").hidden = paused !== "login";
      bar.querySelector(".net-password").hidden = paused !== "password";
      bar.querySelector(".net-send").hidden = !waiting.length || !!paused;
    }
    clearTimeout(timer);
    var due = waiting.map(function (e) { return e.nextTry || 0; }).filter(function (t) { return t > Date.now(); });
    if (due.length && !paused) {
      timer = setTimeout(deliver, Math.max(0, Math.min.apply(null, due) - Date.now()) + 100);
    }
    var persist = bar && bar.querySelector(".net-persist");
    if (persist) {
      var refused = false;
      try { refused = localStorage.getItem("sen-persist") === "0"; } catch (e) { /* unknown */ }
      persist.hidden = !(refused && waiting.length);
    }
    Sen.listeners.forEach(function (listener) { listener(status); });
    offerUpdate();
  }

  function refresh() { return Sen.ask({ type: "status" }).then(show); }
  function deliver() { return Sen.ask({ type: "deliver" }).then(show); }
  // "Send now" and a returning signal try at once, without waiting for the backoff.
  function deliverNow() { return Sen.ask({ type: "deliver", force: true }).then(show); }
  Sen.refresh = refresh;
  Sen.deliver = deliverNow;

  function hello() {
    var fresh = freshSignIn;
    freshSignIn = false;
    return Sen.ask({ type: "hello", fresh: fresh }).then(show);
  }

  // Updates: the new worker waits; the page offers to reload when that loses nothing.
  var registration = null, reloading = false;
  var updateBox = null;
  function offerUpdate() {
    if (!updateBox || !registration || !registration.waiting || !lastStatus) { return; }
    var waiting = lastStatus.entries.some(function (e) { return e.state === "waiting"; });
    var formOpen = document.querySelector("form[data-create-form]") !== null;
    updateBox.hidden = waiting || formOpen;
  }

  function watch(reg) {
    registration = reg;
    reg.addEventListener("updatefound", function () {
      var worker = reg.installing;
      if (worker) {
        worker.addEventListener("statechange", function () { if (worker.state === "installed") { refresh(); } });
      }
    });
    offerUpdate();
  }

  document.addEventListener("DOMContentLoaded", function () {
    bar = document.getElementById("netstatus");
    updateBox = document.getElementById("update-ready");
    if (bar) {
      bar.querySelector(".net-send").addEventListener("click", deliverNow);
    }
    if (updateBox) {
      updateBox.querySelector("button").addEventListener("click", function () {
        var waitingWorker = registration && registration.waiting;
        if (!waitingWorker) { return; }
        var channel = new MessageChannel();
        reloading = true;   // the new worker may take over before its answer arrives
        channel.port1.onmessage = function (event) {
          if (!(event.data && event.data.ok)) { reloading = false; updateBox.hidden = true; }
        };
        waitingWorker.postMessage({ type: "activate", user: user }, [channel.port2]);
      });
    }
    // What the outbox list shows: which commune (never what was typed), and whose entry it is.
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.querySelector("input[data-submission-id]")) { return; }
      var select = form.querySelector('select[name="commune_code"]');
      var place = select && select.selectedIndex >= 0 && select.value ? select.options[select.selectedIndex].text
        : (meta("sen-place") || "");
      setHidden(form, "sen_place", place);
      setHidden(form, "sen_owner", user || "");
    });
    // The offline page lists only the forms this phone really keeps for this officer.
    if (window.caches) {
      document.querySelectorAll("#offline-forms a[data-kind]").forEach(function (link) {
        caches.match(link.getAttribute("href")).then(function (kept) {
          if (!kept && !navigator.onLine) { link.parentNode.hidden = true; }
        });
      });
    }
    // A blank form kept on the phone was made on another day: its dates move to today.
    if (blank) {
      var d = new Date();
      var today = d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" +
        String(d.getDate()).padStart(2, "0");
      document.querySelectorAll('input[type="date"]').forEach(function (input) {
        if (input.value === blank) { input.value = today; }
      });
    }
  });

  function setHidden(form, name, value) {
    var input = form.querySelector('input[name="' + name + '"]');
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.appendChild(input);
    }
    input.value = value;
  }

  sw.addEventListener("message", function (event) {
    var type = event.data && event.data.type;
    if (type === "sen-outbox") { refresh(); }
    if (type === "sen-form-open" && event.ports[0]) {
      // A new version asks before it takes over: not while a form is open here.
      event.ports[0].postMessage(document.querySelector("form[data-create-form]") !== null);
    }
  });
  sw.addEventListener("controllerchange", function () {
    if (reloading) { window.location.reload(); } else { hello(); }
  });
  window.addEventListener("online", deliverNow);
  window.addEventListener("offline", refresh);

  window.addEventListener("load", function () {
    sw.register("/sw.js", { scope: "/" }).then(function (reg) {
      watch(reg);
      if (sw.controller) { hello(); }
    }).catch(function () { /* works without it, only not offline */ });
    // Ask the browser not to evict the outbox; the outbox page warns when it says no.
    if (user && navigator.storage && navigator.storage.persist) {
      navigator.storage.persisted().then(function (kept) { return kept || navigator.storage.persist(); })
        .then(function (kept) { Sen.persisted = kept; try { localStorage.setItem("sen-persist", kept ? "1" : "0"); } catch (e) {} })
        .catch(function () {});
    }
  });
})();
