/* Sen: taking attendance on the phone for one session. One tap marks a person present, late or absent;
   each mark is posted like any form, so without signal the service worker seals it in the outbox and
   sends it later. Marks made here are remembered on this phone for this session (participant ids and
   statuses, and walk-ins' names), so a reload without signal still shows them; sign-out drops them.
   The page asks the worker to keep a copy of itself, names only (the server marks it keepable). */
(function () {
  "use strict";

  var STATUSES = ["present", "late", "absent"];

  // Lower case without Vietnamese tone marks: "Nguyễn" and "nguyen" match.
  function fold(text) {
    return (text || "").replace(/[đĐ]/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function meta(name) {
    var m = document.querySelector('meta[name="' + name + '"]');
    return m ? m.getAttribute("content") : null;
  }

  function storage() { try { return window.localStorage; } catch (e) { return null; } }

  function deviceId() {
    var s = storage();
    var id = s && s.getItem("sen-device");
    if (!id) { id = uuid(); if (s) { s.setItem("sen-device", id); } }
    return id;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("attendance");
    if (!root) { return; }
    var list = document.getElementById("attendance-list");
    var session = root.getAttribute("data-session");
    var storeKey = "sen-attendance-" + session;
    var device = deviceId();

    function load() {
      var s = storage();
      try { return JSON.parse((s && s.getItem(storeKey)) || "") || { marks: {}, walkIns: [] }; }
      catch (e) { return { marks: {}, walkIns: [] }; }
    }
    var kept = load();
    function save() { var s = storage(); if (s) { s.setItem(storeKey, JSON.stringify(kept)); } }

    function post(url, fields) {
      var body = new URLSearchParams();
      body.append("submission_id", uuid());
      var csrf = meta("csrf-token");
      if (csrf) { body.append("csrf_token", csrf); }   // a copy kept on the phone has none: the worker asks
      body.append("sen_owner", meta("sen-user") || (storage() && storage().getItem("sen-user")) || "");
      body.append("sen_place", meta("sen-place") || "");
      Object.keys(fields).forEach(function (name) { body.append(name, fields[name]); });
      return fetch(url, { method: "POST", body: body, credentials: "same-origin", redirect: "manual" })
        .catch(function () { /* no worker and no signal: the mark stays shown here; see the outbox */ });
    }

    function show(item, status) {
      item.setAttribute("data-status", status || "");
      item.querySelectorAll("button[data-status]").forEach(function (b) {
        b.setAttribute("aria-pressed", b.getAttribute("data-status") === status ? "true" : "false");
      });
    }

    function count() {
      var n = { present: 0, late: 0, absent: 0, unmarked: 0 };
      list.querySelectorAll(".attendance-person").forEach(function (item) {
        var s = item.getAttribute("data-status");
        n[STATUSES.indexOf(s) >= 0 ? s : "unmarked"] += 1;
      });
      Object.keys(n).forEach(function (k) { root.querySelector('[data-count="' + k + '"]').textContent = n[k]; });
    }

    function person(ref, name, detail) {
      var item = document.createElement("li");
      item.className = "attendance-person";
      item.setAttribute("data-participant", ref);
      item.setAttribute("data-name", name);
      var label = document.createElement("span");
      label.className = "attendance-name";
      var strong = document.createElement("strong");
      strong.textContent = name;
      label.appendChild(strong);
      if (detail) { var small = document.createElement("small"); small.className = "muted"; small.textContent = detail; label.appendChild(small); }
      var group = document.createElement("span");
      group.className = "attendance-buttons";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", name);
      STATUSES.forEach(function (status) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "tap tap-" + status;
        b.setAttribute("data-status", status);
        b.setAttribute("aria-pressed", "false");
        b.textContent = root.getAttribute("data-label-" + status);
        group.appendChild(b);
      });
      item.appendChild(label);
      item.appendChild(group);
      list.appendChild(item);
      var empty = document.getElementById("attendance-empty");
      if (empty) { empty.hidden = true; }
      return item;
    }

    function itemOf(ref) { return list.querySelector('.attendance-person[data-participant="' + CSS.escape(ref) + '"]'); }

    // What this phone added or marked, over what the server knew when the page was made.
    kept.walkIns.forEach(function (w) { if (!itemOf(w.id)) { person(w.id, w.name, w.detail); } });
    Object.keys(kept.marks).forEach(function (ref) { var item = itemOf(ref); if (item) { show(item, kept.marks[ref].status); } });
    count();

    list.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-status]");
      if (!button) { return; }
      var item = button.closest(".attendance-person");
      var ref = item.getAttribute("data-participant");
      var status = button.getAttribute("data-status");
      var at = new Date().toISOString();
      show(item, status);
      kept.marks[ref] = { status: status, at: at };
      save();
      count();
      post(root.getAttribute("data-mark-url"), { session_id: session, participant: ref, status: status,
                                                 marked_at: at, device_id: device });
    });

    var search = document.getElementById("attendance-search");
    search.addEventListener("input", function () {
      var wanted = fold(search.value).trim();
      list.querySelectorAll(".attendance-person").forEach(function (item) {
        item.hidden = wanted !== "" && fold(item.getAttribute("data-name")).indexOf(wanted) < 0;
      });
    });

    var form = document.getElementById("walk-in-form");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var name = form.elements.full_name.value.trim();
      document.getElementById("walk-in-error").hidden = name !== "";
      if (!name) { form.elements.full_name.focus(); return; }
      var agency = form.elements.agency.value.trim(), position = form.elements.position.value.trim();
      var id = uuid(), at = new Date().toISOString();
      var detail = [agency, position].filter(Boolean).join(" · ");
      show(person(id, name, detail), "present");
      kept.walkIns.push({ id: id, name: name, detail: detail });
      kept.marks[id] = { status: "present", at: at };
      save();
      count();
      form.reset();
      post(root.getAttribute("data-walk-in-url"), { session_id: session, client_id: id, full_name: name, agency: agency,
                                                    position: position, marked_at: at, device_id: device });
    });

    // Keep this page on the phone for use without signal (only while signed in; dropped at sign-out).
    if (navigator.serviceWorker && meta("sen-user")) {
      navigator.serviceWorker.ready.then(function (reg) {
        if (reg.active) { reg.active.postMessage({ type: "keep", path: root.getAttribute("data-keep"), user: meta("sen-user") }); }
      });
    }
  });
}());
