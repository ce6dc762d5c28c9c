/* Sen: the outbox page. Lists what waits on this phone (form, time, commune; never what was typed),
   and lets the officer send now, open a refused entry to fix it, try it again, or delete it. */
(function () {
  "use strict";

  function two(n) { return String(n).padStart(2, "0"); }
  function when(ms) {
    var d = new Date(ms);
    return two(d.getDate()) + "/" + two(d.getMonth() + 1) + "/" + d.getFullYear() + " " +
      two(d.getHours()) + ":" + two(d.getMinutes());
  }

  function el(tag, cls, content) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (content) { node.textContent = content; }
    return node;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("outbox");
    var Sen = window.Sen;
    if (!box) { return; }
    if (!Sen || !navigator.serviceWorker) {
      document.getElementById("outbox-unsupported").hidden = false;
      return;
    }
    var params = new URLSearchParams(window.location.search);
    var saved = params.get("saved");
    if (saved) {
      document.getElementById("outbox-saved").hidden = false;
      var link = document.querySelector('#offline-forms a[data-kind="' + saved.replace(/[^a-z_]/g, "") + '"]');
      if (link) {
        var again = document.getElementById("outbox-again");
        again.querySelector("a").href = link.getAttribute("href");
        again.hidden = false;
      }
    }
    if (params.get("failed")) { document.getElementById("outbox-failed").hidden = false; }
    var sendButton = document.getElementById("outbox-send");
    sendButton.addEventListener("click", function () {
      sendButton.disabled = true;
      Sen.deliver().then(function () { sendButton.disabled = false; });
    });
    try {
      document.getElementById("outbox-persist").hidden = localStorage.getItem("sen-persist") !== "0";
    } catch (e) { /* nothing to warn about */ }

    function row(entry) {
      var li = el("li", "outbox-item");
      li.appendChild(el("strong", null, entry.label));
      li.appendChild(el("span", "muted", " · " + when(entry.created) + (entry.place ? " · " + entry.place : "")));
      return li;
    }

    function button(label, cls, action) {
      var b = el("button", cls, label);
      b.type = "button";
      b.addEventListener("click", action);
      return b;
    }

    function open(entry) {
      // The server opens the sealed entry and shows the form with what was typed and what to fix.
      Sen.ask({ type: "sealed", id: entry.id }).then(function (found) {
        if (!found || !found.sealed) { return; }
        if (found.status === "login" || found.status === "password") {
          window.location.href = document.querySelector("#outbox-" + found.status + " a").href;
          return;
        }
        if (found.status === "disabled") { window.alert(document.getElementById("outbox-disabled").textContent); return; }
        if (found.status !== "ok") { window.alert(box.getAttribute("data-needs-signal")); return; }
        var form = document.createElement("form");
        form.method = "post";
        form.action = found.action;
        [["csrf_token", found.csrf], ["submission_id", entry.id], ["sen_sealed", JSON.stringify(found.sealed)]]
          .forEach(function (pair) {
            var input = document.createElement("input");
            input.type = "hidden";
            input.name = pair[0];
            input.value = pair[1];
            form.appendChild(input);
          });
        document.body.appendChild(form);
        form.submit();
      });
    }

    function render(status) {
      var waiting = status.entries.filter(function (e) { return e.state === "waiting"; });
      var attention = status.entries.filter(function (e) { return e.state !== "waiting"; });
      var summary = document.getElementById("outbox-summary");
      summary.textContent = waiting.length ? summary.getAttribute("data-some").replace("{n}", waiting.length)
        : summary.getAttribute("data-none");
      ["login", "password", "disabled"].forEach(function (reason) {
        document.getElementById("outbox-" + reason).hidden = !(status.reach === reason && waiting.length);
      });
      sendButton.hidden = !waiting.length;
      var list = document.getElementById("outbox-waiting");
      list.textContent = "";
      waiting.forEach(function (entry) { list.appendChild(row(entry)); });

      var attentionList = document.getElementById("outbox-attention");
      attentionList.textContent = "";
      document.getElementById("outbox-attention-box").hidden = !attention.length;
      attention.forEach(function (entry) {
        var li = row(entry);
        li.classList.add("needs-attention");
        var messages = el("ul", "error-list");
        (entry.messages || []).forEach(function (m) { messages.appendChild(el("li", "error", m)); });
        li.appendChild(messages);
        var actions = el("p", "actions");
        actions.appendChild(button(box.getAttribute("data-open"), "button", function () { open(entry); }));
        actions.appendChild(button(box.getAttribute("data-retry"), "button secondary", function () {
          Sen.ask({ type: "retry", id: entry.id }).then(Sen.refresh);
        }));
        actions.appendChild(button(box.getAttribute("data-discard"), "button danger", function () {
          if (window.confirm(box.getAttribute("data-confirm-discard"))) {
            Sen.ask({ type: "discard", id: entry.id }).then(Sen.refresh);
          }
        }));
        li.appendChild(actions);
        attentionList.appendChild(li);
      });

      var others = document.getElementById("outbox-others");
      others.hidden = !status.others;
      others.textContent = others.getAttribute("data-text").replace("{n}", status.others);
    }

    Sen.listeners.push(render);
  });
})();
