/* Sen service worker: the app shell and blank forms for use without signal, and the sealed outbox.
   The server puts `self.SEN = {version, shell, offline, outbox, key, token, forms}` before this file.
   Pages with personal data are never stored. A submission that cannot reach the server is sealed
   (AES-GCM, key wrapped with the server's RSA-OAEP key), bound to its account (HMAC with the account's
   binding key, given by the server to a signed-in session and kept here as a key that cannot be read
   back), and kept in IndexedDB until it is delivered. */
"use strict";

const SHELL_CACHE = "sen-shell-" + self.SEN.version;
const FORMS_CACHE = "sen-forms-" + self.SEN.version;
const FORMS_MARK = "/__sen/forms";          // which account the blank forms were made for, and when
const FORMS_MAX_AGE = 6 * 3600 * 1000;
const SEND_TIMEOUT = 30000;                 // a submission waiting longer than this is kept for later
const PAGE_TIMEOUT = 10000;                 // a blank form is shown from the phone after this long
const MAX_BACKOFF = 5 * 60 * 1000;
const NOT_SEALED = ["csrf_token", "sen_owner", "sen_place", "sen_sealed"];
const FORMS = {};
self.SEN.forms.forEach(function (form) { FORMS[form.path] = form; });

const state = { reach: "unknown", user: null };
// Why sending is paused, as the server said: sign in again, change the password, or the account is disabled.
const PAUSED = ["login", "password", "disabled"];

/* ---------- install, update, caches ---------- */

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL_CACHE).then(function (cache) { return cache.addAll(self.SEN.shell); }));
});

self.addEventListener("activate", function (event) {
  // Old caches go, but the blank forms move over first: an update while out of signal must not
  // take them away (they are refreshed at the next page with signal). The outbox (IndexedDB) is
  // never touched by an update.
  event.waitUntil(caches.keys().then(async function (keys) {
    const old = keys.filter(function (key) { return key.indexOf("sen-") === 0 && key !== SHELL_CACHE && key !== FORMS_CACHE; });
    const forms = await caches.open(FORMS_CACHE);
    for (const key of old.filter(function (k) { return k.indexOf("sen-forms-") === 0; })) {
      const cache = await caches.open(key);
      for (const request of await cache.keys()) {
        if (!(await forms.match(request))) { await forms.put(request, await cache.match(request)); }
      }
    }
    await forms.put(FORMS_MARK, new Response(JSON.stringify({ user: null, at: 0 }),
                                             { headers: { "Content-Type": "application/json" } }));
    await Promise.all(old.map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

async function cacheForms(user) {
  const cache = await caches.open(FORMS_CACHE);
  const mark = await cache.match(FORMS_MARK);
  if (mark) {
    const made = await mark.json();
    if (made.user === user && Date.now() - made.at < FORMS_MAX_AGE) { return; }
  }
  // The shell pages follow the officer's language and commune too.
  const shell = await caches.open(SHELL_CACHE);
  for (const page of [self.SEN.offline, self.SEN.outbox]) {
    try {
      const response = await timedFetch(page, {}, SEND_TIMEOUT);
      if (response.status === 200) { await shell.put(page, response); }
    } catch (error) { return; }
  }
  for (const form of self.SEN.forms) {
    if (form.blank === false) { continue; }  // posted by a page's script: no form page to keep
    let response;
    try {
      response = await timedFetch(form.path, { headers: { "Sen-Outbox": "blank" } }, SEND_TIMEOUT);
    } catch (error) { return; }             // no signal: keep the copies we have
    if (response.status === 200) { await cache.put(form.path, response); } else { await cache.delete(form.path); }
  }
  await cache.put(FORMS_MARK, new Response(JSON.stringify({ user: user, at: Date.now() }),
                                           { headers: { "Content-Type": "application/json" } }));
}

function forgetForms() { return caches.delete(FORMS_CACHE); }

// A page that asked to be kept (an attendance roster opened beforehand) is copied into the forms cache,
// so sign-out drops it with the blank forms. Fetched as a blank copy (nothing bound to the session);
// kept only when the server marks the answer keepable (`Sen-Keep`), so no other page can be stored.
async function keepPage(path, user) {
  if (!user || typeof path !== "string" || path.charAt(0) !== "/" || path.charAt(1) === "/") { return; }
  const url = new URL(path, self.location.origin);
  if (url.origin !== self.location.origin || url.search) { return; }
  let response;
  try {
    response = await timedFetch(url.pathname, { headers: { "Sen-Outbox": "blank" } }, SEND_TIMEOUT);
  } catch (error) { return; }
  if (response.status === 200 && response.headers.get("Sen-Keep") === "1") {
    await (await caches.open(FORMS_CACHE)).put(url.pathname, response);
  }
}

async function keptPage(path) {
  const cache = await caches.open(FORMS_CACHE);
  return (await cache.match(path)) || offlinePage();
}

/* ---------- pages ---------- */

// A navigation cannot be cancelled from here: past `ms` the worker stops waiting for it instead.
function withTimeout(promise, ms) {
  return new Promise(function (resolve, reject) {
    const timer = setTimeout(function () { reject(new Error("timeout")); }, ms);
    promise.then(function (v) { clearTimeout(timer); resolve(v); }, function (e) { clearTimeout(timer); reject(e); });
  });
}

function offlinePage() { return caches.match(self.SEN.offline); }

function fromSen(request) {
  // Sen's pages send their full address as referrer (Referrer-Policy: same-origin); other sites cannot.
  return typeof request.referrer === "string" && request.referrer.indexOf(self.location.origin + "/") === 0;
}

async function formPage(request, path) {
  let response = null;
  try {
    response = await withTimeout(fetch(request), PAGE_TIMEOUT);
    if (response.status < 500) { return response; }
  } catch (error) { /* no signal, or too slow: the copy kept on the phone */ }
  const cache = await caches.open(FORMS_CACHE);
  return (await cache.match(path)) || response || offlinePage();
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method === "POST") {
    // Only a form on one of Sen's own pages is helped (kept, or given a fresh token). Anything else,
    // such as another site posting to Sen, goes to the network as it is and meets the CSRF check.
    if (FORMS[url.pathname] && fromSen(request)) { event.respondWith(submit(request, url.pathname)); }
    return;
  }
  if (request.method !== "GET") { return; }
  if (url.pathname.indexOf("/static/") === 0 || url.pathname === self.SEN.key) {
    // Versioned file names (?v=…): a cached copy is always the right one.
    event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request); }));
    return;
  }
  if (request.mode !== "navigate") { return; }
  if (url.pathname === self.SEN.outbox || url.pathname === self.SEN.offline) {
    event.respondWith(caches.match(url.pathname).then(function (hit) { return hit || fetch(request); }));
  } else if (FORMS[url.pathname]) {
    event.respondWith(formPage(request, url.pathname));
  } else {
    // Pages come from the network only; without signal, the offline page says what can be done.
    // A page kept on purpose (an attendance roster) is shown from the phone instead.
    event.respondWith(fetch(request).catch(function () { return keptPage(url.pathname); }));
  }
});

/* ---------- the outbox store ---------- */

function openDb() {
  return new Promise(function (resolve, reject) {
    const opening = indexedDB.open("sen", 1);
    opening.onupgradeneeded = function () {
      if (!opening.result.objectStoreNames.contains("outbox")) {
        opening.result.createObjectStore("outbox", { keyPath: "id" });
      }
    };
    opening.onsuccess = function () { resolve(opening.result); };
    opening.onerror = function () { reject(opening.error); };
  });
}

function store(mode, work) {
  return openDb().then(function (db) {
    return new Promise(function (resolve, reject) {
      const tx = db.transaction("outbox", mode);
      const request = work(tx.objectStore("outbox"));
      tx.oncomplete = function () { db.close(); resolve(request && request.result); };
      tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
    });
  });
}

const allEntries = function () { return store("readonly", function (s) { return s.getAll(); }); };
const getEntry = function (id) { return store("readonly", function (s) { return s.get(id); }); };
const putEntry = function (entry) { return store("readwrite", function (s) { return s.put(entry); }); };
const dropEntry = function (id) { return store("readwrite", function (s) { return s.delete(id); }); };

/* ---------- the account's binding key ----------
   Kept for one account only, the last one signed in on this phone, in a database of its own (so the
   outbox database keeps its version and an older worker can still open it). Dropped at sign-out
   and when another account signs in. The key is imported non-extractable: it can be used to sign
   but never read back or copied off the phone. */

function keysDb(mode, work) {
  return new Promise(function (resolve, reject) {
    const opening = indexedDB.open("sen-keys", 1);
    opening.onupgradeneeded = function () { opening.result.createObjectStore("binding", { keyPath: "slot" }); };
    opening.onerror = function () { reject(opening.error); };
    opening.onsuccess = function () {
      const db = opening.result;
      const tx = db.transaction("binding", mode);
      const request = work(tx.objectStore("binding"));
      tx.oncomplete = function () { db.close(); resolve(request && request.result); };
      tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
    };
  });
}

const getBinding = function () { return keysDb("readonly", function (s) { return s.get("account"); }); };
const putBinding = function (b) { b.slot = "account"; return keysDb("readwrite", function (s) { return s.put(b); }); };
const dropBinding = function () { return keysDb("readwrite", function (s) { return s.delete("account"); }); };

async function keepBinding(user, info) {
  const kept = await getBinding();
  if (kept && kept.user === user && kept.kid === info.kid && !kept.disabled) { return; }
  const key = await crypto.subtle.importKey("raw", fromBase64(info.key), { name: "HMAC", hash: "SHA-256" },
                                            false, ["sign"]);
  await putBinding({ user: user, kid: info.kid, key: key, disabled: false });
}

// Signed in as `user`: make sure this phone can bind what it seals for them (asks the server once).
async function bindingFor(user) {
  const kept = await getBinding();
  if (kept && kept.user === user) { return; }
  if (kept) { await dropBinding(); }
  await token();
}

async function markDisabled() {
  const kept = await getBinding();
  if (kept && !kept.disabled) { kept.disabled = true; await putBinding(kept); }
}

/* ---------- sealing ---------- */

function toBase64(buffer) {
  const bytes = new Uint8Array(buffer);
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

function fromBase64(text) {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
  return bytes.buffer;
}

let serverKey = null;
function sealingKey() {
  if (!serverKey) {
    serverKey = caches.match(self.SEN.key).then(function (hit) { return hit || fetch(self.SEN.key); })
      .then(function (response) { return response.json(); })
      .then(function (info) {
        return crypto.subtle.importKey("spki", fromBase64(info.spki), { name: "RSA-OAEP", hash: "SHA-256" },
                                       false, ["encrypt"]).then(function (key) { return { kid: info.kid, key: key }; });
      });
    serverKey.catch(function () { serverKey = null; });
  }
  return serverKey;
}

async function seal(id, content) {
  const binding = await getBinding();
  // Without the key of the account that saves it, an entry would be refused later: it is not kept.
  if (!binding || binding.user !== content.user) { throw new Error("no binding key for this account"); }
  const server = await sealingKey();
  const key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt"]);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: "AES-GCM", iv: iv, additionalData: new TextEncoder().encode(id) },
                                           key, new TextEncoder().encode(JSON.stringify(content)));
  const wrapped = await crypto.subtle.encrypt({ name: "RSA-OAEP" }, server.key,
                                              await crypto.subtle.exportKey("raw", key));
  const sealed = { id: id, kid: server.kid, key: toBase64(wrapped), iv: toBase64(iv), data: toBase64(data) };
  const proof = ["sen-outbox-1", id, content.user, content.action, sealed.kid, sealed.key, sealed.iv, sealed.data];
  const mac = await crypto.subtle.sign("HMAC", binding.key, new TextEncoder().encode(proof.join("\n")));
  sealed.bind = { kid: binding.kid, mac: toBase64(mac) };
  return sealed;
}

function field(pairs, name) {
  const pair = pairs.find(function (p) { return p[0] === name; });
  return pair ? pair[1] : "";
}

async function keep(path, pairs, owner, place) {
  const id = field(pairs, "submission_id");
  const fields = pairs.filter(function (p) { return NOT_SEALED.indexOf(p[0]) < 0; });
  const sealed = await seal(id, { v: 1, id: id, user: owner, action: path, fields: fields, at: Date.now() });
  const earlier = await getEntry(id);
  await putEntry({ format: 1, id: id, owner: owner, kind: FORMS[path].kind, action: path, place: place,
                   created: earlier ? earlier.created : Date.now(), state: "waiting", attempts: 0, nextTry: 0,
                   messages: [], sealed: sealed });
  if (self.registration.sync) { self.registration.sync.register("sen-outbox").catch(function () {}); }
  announce();
}

/* ---------- talking to the server ---------- */

async function token() {
  let response;
  try {
    response = await timedFetch(self.SEN.token, { headers: { "Sen-Outbox": "replay" } }, 15000);
  } catch (error) {
    state.reach = "offline";
    return { status: "offline" };
  }
  const answer = await answerOf(response);
  if (response.status === 200 && answer.csrf) {
    state.reach = "online";
    state.user = answer.user;
    if (answer.binding) { await keepBinding(answer.user, answer.binding); }
    return { status: "ok", csrf: answer.csrf, user: answer.user };
  }
  state.reach = paused(response, answer) || "trouble";
  if (state.reach === "disabled") { await markDisabled(); }
  return { status: state.reach };
}

// The session cannot send now: "login", "password" (a change is due) or "disabled"; null otherwise.
function paused(response, answer) {
  if (answer.refused === "disabled" || answer.refused === "password") { return answer.refused; }
  if (response.status === 401 || (response.status === 403 && answer.refused === "csrf")) { return "login"; }
  return null;
}

// A request to the server, given up and cancelled after `ms`, so it never overlaps the next try.
function timedFetch(path, options, ms) {
  const controller = new AbortController();
  const timer = setTimeout(function () { controller.abort(); }, ms);
  return fetch(path, Object.assign({ credentials: "same-origin", redirect: "manual", cache: "no-store",
                                     signal: controller.signal }, options))
    .finally(function () { clearTimeout(timer); });
}

function post(path, body, headers) {
  return timedFetch(path, { method: "POST", body: body, headers: headers }, SEND_TIMEOUT);
}

async function answerOf(response) {
  if ((response.headers.get("Content-Type") || "").indexOf("application/json") < 0) { return {}; }
  try { return await response.clone().json(); } catch (error) { return {}; }
}

function retryable(status) { return status < 200 || status === 408 || status === 429 || status >= 500; }

// A form sent now. Success goes to the record; no signal, a server in trouble or an ended session
// keeps it sealed on the phone; anything else (the form with its messages) is shown as the server sent it.
async function submit(request, path) {
  const body = await request.formData();
  const pairs = [];
  body.forEach(function (value, name) { if (typeof value === "string") { pairs.push([name, value]); } });
  const opening = field(pairs, "sen_sealed") !== "";
  const owner = field(pairs, "sen_owner");
  const place = field(pairs, "sen_place");
  const id = field(pairs, "submission_id");
  const outgoing = pairs.filter(function (p) { return p[0] !== "sen_owner" && p[0] !== "sen_place"; });
  const kind = FORMS[path].kind;

  // Kept on the phone only with its own id and its officer; if it cannot be kept, the officer is told.
  async function keptOnPhone() {
    if (!opening) {
      try {
        if (!id || !owner) { throw new Error("no id or no officer"); }
        await keep(path, pairs, owner, place);
      } catch (error) {
        return Response.redirect(self.location.origin + self.SEN.outbox + "?failed=" + kind, 303);
      }
    }
    return Response.redirect(self.location.origin + self.SEN.outbox + "?saved=" + kind, 303);
  }

  async function send(csrf) {
    const fields = csrf ? outgoing.filter(function (p) { return p[0] !== "csrf_token"; }) : outgoing;
    const headers = { "Sen-Outbox": "live" };
    if (csrf) { headers["X-CSRFToken"] = csrf; }
    return post(path, new URLSearchParams(fields), headers);
  }

  let response;
  try {
    if (!field(pairs, "csrf_token")) {       // a blank form kept on the phone carries no token
      const fresh = await token();
      if (fresh.status !== "ok") { return keptOnPhone(); }
      response = await send(fresh.csrf);
    } else {
      response = await send(null);
      if (response.status === 403 && (await answerOf(response)).refused === "csrf") {
        const fresh = await token();
        if (fresh.status !== "ok") { return keptOnPhone(); }
        response = await send(fresh.csrf);
      }
    }
  } catch (error) {
    state.reach = "offline";
    return keptOnPhone();
  }
  const answer = await answerOf(response);
  const target = answer.location ? new URL(answer.location, self.location.origin) : null;
  if (response.status === 200 && target && target.origin === self.location.origin) {
    state.reach = "online";
    if (id) { await dropEntry(id); }
    announce();
    return Response.redirect(target.href, 303);
  }
  if (paused(response, answer)) {
    state.reach = paused(response, answer);
    return keptOnPhone();
  }
  // A success always says where the record is; without that, whether it was saved is unknown:
  // keep it, and sending it again will tell (the same id is never saved twice).
  if (retryable(response.status) || response.status === 200) { return keptOnPhone(); }
  return response;
}

async function later(entry) {
  entry.attempts += 1;
  entry.nextTry = Date.now() + Math.min(1000 * Math.pow(2, entry.attempts - 1), MAX_BACKOFF);
  await putEntry(entry);
}

// One pass over what this account has waiting, oldest first, one entry at a time.
async function pass(force) {
  const waiting = (await allEntries()).filter(function (e) { return e.state === "waiting"; })
    .sort(function (a, b) { return a.created - b.created; });
  if (!waiting.length) { return; }
  const fresh = await token();
  if (fresh.status !== "ok") { return; }
  for (const entry of waiting) {
    if (entry.owner !== fresh.user || (!force && entry.nextTry > Date.now())) { continue; }
    let response;
    try {
      response = await post(entry.action, JSON.stringify({ sealed: entry.sealed }),
                            { "Content-Type": "application/json", "Sen-Outbox": "replay", "X-CSRFToken": fresh.csrf });
    } catch (error) {
      state.reach = "offline";
      await later(entry);
      return;
    }
    const answer = await answerOf(response);
    if (response.status === 200 && answer.outcome) {
      await dropEntry(entry.id);             // saved now, or already saved by an earlier try
    } else if (paused(response, answer)) {
      state.reach = paused(response, answer); // pause until the officer signs in again (or can)
      if (state.reach === "disabled") { await markDisabled(); }
      return;
    } else if (response.status === 403 && answer.refused === "other-user") {
      continue;
    } else if (retryable(response.status) || !answer.refused) {
      await later(entry);
    } else {
      entry.state = "attention";             // refused as it stands: kept until the officer decides
      entry.status = response.status;
      entry.messages = answer.messages || [];
      await putEntry(entry);
    }
    announce();
  }
}

// Only one delivery at a time, whatever asks for it (pages, tabs, sync); a request that arrives
// during a pass makes it run once more instead of running beside it.
let running = null;
let again = false;
let forced = false;
function deliver(force) {
  // "Send now" and a returning signal do not wait for the backoff.
  forced = forced || !!force;
  if (running) { again = true; return running; }
  const work = async function () {
    do { again = false; const now = forced; forced = false; await pass(now); } while (again);
  };
  const locked = self.navigator.locks ? self.navigator.locks.request("sen-outbox", work) : work();
  running = locked.finally(function () { running = null; announce(); });
  return running;
}

/* ---------- pages ask, the worker answers ---------- */

async function status(user) {
  const entries = await allEntries();
  const mine = entries.filter(function (e) { return user && e.owner === user; });
  const binding = await getBinding().catch(function () { return null; });
  const disabled = !!(binding && binding.disabled && binding.user === user);
  return {
    version: self.SEN.version,
    reach: disabled ? "disabled" : state.reach,
    others: entries.length - mine.length,
    entries: mine.map(function (e) {
      return { id: e.id, kind: e.kind, label: FORMS[e.action] ? FORMS[e.action].label : e.kind, action: e.action,
               place: e.place, created: e.created, state: e.state, messages: e.messages, nextTry: e.nextTry };
    })
  };
}

// Pages re-read the outbox when told it changed; a burst of changes is told once.
let announcing = null;
function announce() {
  if (announcing) { return; }
  announcing = setTimeout(function () {
    announcing = null;
    self.clients.matchAll({ type: "window" }).then(function (clients) {
      clients.forEach(function (client) { client.postMessage({ type: "sen-outbox" }); });
    });
  }, 250);
}

// Asks every open window of Sen whether it shows a form; silence counts as "no" after a second.
async function formOpenSomewhere() {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const answers = await Promise.all(windows.map(function (client) {
    return new Promise(function (resolve) {
      const channel = new MessageChannel();
      const timer = setTimeout(function () { resolve(false); }, 1000);
      channel.port1.onmessage = function (event) { clearTimeout(timer); resolve(!!event.data); };
      client.postMessage({ type: "sen-form-open" }, [channel.port2]);
    });
  }));
  return answers.indexOf(true) >= 0;
}

async function ownEntry(id, user) {
  const entry = await getEntry(id);
  return entry && user && entry.owner === user ? entry : null;
}

const HANDLERS = {
  hello: function (msg) {
    // Signed in: the binding key first (sealing needs it), then the blank forms. Signed out: neither stays.
    const ready = msg.user ? bindingFor(msg.user).catch(function () {}).then(function () { return cacheForms(msg.user); })
      : Promise.all([forgetForms(), dropBinding()]);
    return ready.catch(function () {}).then(function () { return deliver(!!msg.fresh); })
      .then(function () { return status(msg.user); });
  },
  keep: function (msg) { return keepPage(msg.path, msg.user).catch(function () {}); },
  deliver: function (msg) { return deliver(msg.force).then(function () { return status(msg.user); }); },
  status: function (msg) { return status(msg.user); },
  retry: async function (msg) {
    const entry = await ownEntry(msg.id, msg.user);
    if (entry) {
      Object.assign(entry, { state: "waiting", attempts: 0, nextTry: 0, messages: [] });
      await putEntry(entry);
      await deliver();
    }
    return status(msg.user);
  },
  discard: async function (msg) {
    if (await ownEntry(msg.id, msg.user)) { await dropEntry(msg.id); announce(); }
    return status(msg.user);
  },
  sealed: async function (msg) {
    // Opening an entry is a form post from the outbox page; it needs this session's token.
    const entry = await ownEntry(msg.id, msg.user);
    if (!entry) { return {}; }
    const fresh = await token();
    return { action: entry.action, sealed: entry.sealed, status: fresh.status, csrf: fresh.csrf };
  },
  activate: async function (msg) {
    // A new version takes over only when nothing of this account waits to be sent.
    const mine = (await status(msg.user)).entries.filter(function (e) { return e.state === "waiting"; });
    if (mine.length || await formOpenSomewhere()) { return { ok: false }; }
    // Not awaited: activation waits for this message event to end, so waiting here would never end.
    setTimeout(function () { self.skipWaiting(); }, 0);
    return { ok: true };
  }
};

self.addEventListener("message", function (event) {
  const msg = event.data || {};
  const port = event.ports && event.ports[0];
  const handler = HANDLERS[msg.type];
  if (!handler) { return; }
  event.waitUntil(Promise.resolve().then(function () { return handler(msg); })
    .then(function (answer) { if (port) { port.postMessage(answer); } },
          function (error) { if (port) { port.postMessage({ error: String(error) }); } }));
});

self.addEventListener("sync", function (event) {
  if (event.tag !== "sen-outbox") { return; }
  // Failing the sync event makes the browser try again later, even with no page open.
  event.waitUntil(deliver(true).then(allEntries).then(function (entries) {
    const left = entries.filter(function (e) { return e.state === "waiting" && e.owner === state.user; });
    if (left.length && PAUSED.indexOf(state.reach) < 0) { throw new Error("not delivered yet"); }
  }));
});
