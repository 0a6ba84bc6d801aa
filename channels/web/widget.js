/* Autonomie Assistant — widget de discussion intégrable.
 * <script src="https://…/widget.js" data-platform="33" defer></script>
 * (data-first-name="…", facultatif : le prénom que la page connaît, montré aux conseillers)
 * Sans dépendance ni requête tierce. Parle au canal REST de l'origine du script
 * (ou de data-endpoint). Le texte du bot n'est jamais interprété comme du HTML. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__autonomieWidget) return;
  window.__autonomieWidget = true;

  var origin = new URL(script.src, location.href).origin;
  var platform = script.getAttribute("data-platform") || "";
  // optional: a host page that knows the person (a logged-in space) names them for the counsellors
  var firstName = (script.getAttribute("data-first-name") || "").slice(0, 60);
  // the platform rides in the query string: the server's CORS check (per platform) sees it
  function withPlatform(url) { return platform ? url + (url.indexOf("?") < 0 ? "?" : "&") + "platform=" + encodeURIComponent(platform) : url; }
  var endpoint = withPlatform(script.getAttribute("data-endpoint") || origin + "/webhooks/rest/webhook");
  var KEY = "autonomie-widget:" + platform;
  var MAX_KEPT = 60;

  function store(kind) {
    try { var s = window[kind]; s.setItem(KEY + ":t", "1"); s.removeItem(KEY + ":t"); return s; }
    catch (e) { return null; }
  }
  var local = store("localStorage"), session = store("sessionStorage");

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  var sender = (local && local.getItem(KEY + ":id")) || "web:" + uuid();
  if (local) local.setItem(KEY + ":id", sender);
  var transcript = [];
  try { transcript = JSON.parse((local && local.getItem(KEY + ":log")) || "[]") || []; } catch (e) { transcript = []; }
  function save() {
    transcript = transcript.slice(-MAX_KEPT);
    if (local) try { local.setItem(KEY + ":log", JSON.stringify(transcript)); } catch (e) { /* quota */ }
  }

  // the stylesheet, channels/web/widget.css, written in by the server (one rule a line)
  var CSS = /*CSS*/"";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs || {}) node.setAttribute(k, attrs[k]);
    if (text != null) node.textContent = text;
    return node;
  }
  function safeUrl(u) {
    try { var p = new URL(u, location.href); return /^https?:$/.test(p.protocol) ? p.href : null; }
    catch (e) { return null; }
  }
  function isLink(payload) { return /^https?:\/\//.test(payload || ""); }
  function sourceDate(d) {
    var m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(String(d || ""));
    return m ? (m[3] ? m[3] + "/" : "") + m[2] + "/" + m[1] : String(d || "");
  }

  var host = el("aside", { id: "autonomie-assistant", "aria-label": "Assistant de la plateforme" });
  var root = host.attachShadow({ mode: "open" });
  root.appendChild(el("style", null, CSS));
  var launch = el("button", { type: "button", "class": "launch", "aria-expanded": "false", "aria-controls": "aa-panel" });
  var NS = "http://www.w3.org/2000/svg", icon = document.createElementNS(NS, "svg"), path = document.createElementNS(NS, "path");
  icon.setAttribute("viewBox", "0 0 24 24"); icon.setAttribute("width", "22"); icon.setAttribute("height", "22");
  icon.setAttribute("aria-hidden", "true"); icon.setAttribute("focusable", "false");
  path.setAttribute("fill", "currentColor");
  path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6v2h2V9H7zm4 0v2h2V9h-2zm4 0v2h2V9h-2z");
  icon.appendChild(path); launch.appendChild(icon);
  launch.appendChild(el("span", null, "Une question ? Discutons"));
  var panel = el("section", { id: "aa-panel", "class": "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "aa-title", hidden: "" });
  var header = el("div", { "class": "head" });
  var titles = el("div");
  // "de Gironde" for data-platform="33" (the server writes the départements in)
  var SITES = /*SITES*/{}, site = SITES[platform.toUpperCase()];
  var BOT_TITLE = site ? "Assistant de la plateforme " + site : "Assistant des métiers de l'autonomie";
  var BOT_SUB = "Assistant automatique. Un conseiller peut prendre le relais.";
  var title = el("h2", { id: "aa-title" }, BOT_TITLE), subtitle = el("p", null, BOT_SUB);
  titles.appendChild(title); titles.appendChild(subtitle);
  var close = el("button", { type: "button", "class": "close", title: "Fermer" });
  close.appendChild(el("span", { "aria-hidden": "true" }, "×"));
  close.appendChild(el("span", { "class": "sr" }, "Fermer la discussion"));
  header.appendChild(titles); header.appendChild(close);
  var log = el("div", { "class": "log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": "Conversation", tabindex: "0" });
  var status = el("p", { "class": "status", role: "status" });
  var form = el("form", { "aria-label": "Écrire à l'assistant" });
  var field = el("div", { "class": "field" });
  field.appendChild(el("label", { "for": "aa-input" }, "Votre message"));
  var input = el("textarea", { id: "aa-input", rows: "1", maxlength: "2000", autocomplete: "off", "aria-describedby": "aa-hint" });
  field.appendChild(input);
  field.appendChild(el("span", { id: "aa-hint", "class": "sr" }, "Entrée pour envoyer, Maj + Entrée pour aller à la ligne."));
  var send = el("button", { type: "submit", "class": "send" }, "Envoyer");
  form.appendChild(field); form.appendChild(send);
  [header, log, status, form].forEach(function (n) { panel.appendChild(n); });
  root.appendChild(launch); root.appendChild(panel);

  // A fiche's answer ends with its short source for SMS and Rasa clients ("… Source :
  // service-public.fr, 2025."); here the linked sources line below says it, once.
  function linked(entry) {
    return Array.isArray(entry.sources) && entry.sources.some(function (s) { return s && s.title; });
  }
  function withoutSource(text) {
    var at = Math.max(text.lastIndexOf(" Source : "), text.lastIndexOf("\nSource : "));
    return at > 0 && text.length - at < 300 ? text.slice(0, at) : text;
  }
  function addSources(bubble, sources) {
    if (!Array.isArray(sources) || !sources.length) return;
    var line = el("span", { "class": "src" }, sources.length > 1 ? "Sources : " : "Source : ");
    sources.slice(0, 3).forEach(function (s, i) {
      if (!s || !s.title) return;
      if (i) line.appendChild(document.createTextNode(" ; "));
      var url = s.url && safeUrl(s.url);
      var named = s.publisher && s.publisher !== s.title ? s.publisher + ", " + s.title : s.title;
      var label = String(named) + (s.date ? ", " + sourceDate(s.date) : "");
      line.appendChild(url ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, label) : document.createTextNode(label));
    });
    bubble.appendChild(line);
  }

  // Buttons answering a question (yes/no, a fact) are spent once the person writes
  // again; the others (an event to book, a counsellor, a fiche) stay usable.
  function isAnswer(payload) { return /^\/(affirm|deny|inform)(\{|$)/.test(payload); }
  function spendAnswers() {
    Array.prototype.forEach.call(log.querySelectorAll(".choices button[data-answer]"), function (b) { b.disabled = true; });
  }

  function render(entry, answered) {
    var kind = { user: "user", counsellor: "human", system: "sys" }[entry.from] || "bot";
    var item = el("div", { "class": "msg " + kind + (entry.failed ? " failed" : "") });
    if (entry.from === "system") { item.textContent = entry.text; log.appendChild(item); return item; }
    if (entry.from === "counsellor" && entry.who) {
      item.appendChild(el("span", { "class": "who" }, entry.who.name + " · " + entry.who.role));
    } else {
      item.appendChild(el("span", { "class": "sr" }, entry.from === "user" ? "Vous : " : "Assistant : "));
    }
    if (entry.text) item.appendChild(document.createTextNode(linked(entry) ? withoutSource(entry.text) : entry.text));
    addSources(item, entry.sources);
    if (entry.buttons && entry.buttons.length) {
      var group = el("div", { "class": "choices", role: "group", "aria-label": "Réponses proposées" });
      entry.buttons.forEach(function (b) {
        if (isLink(b.payload)) {
          var url = safeUrl(b.payload);
          if (url) group.appendChild(el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, b.title));
          return;
        }
        var btn = el("button", { type: "button" }, b.title);
        if (isAnswer(b.payload)) { btn.setAttribute("data-answer", ""); btn.disabled = !!answered; }
        btn.addEventListener("click", function () { if (!btn.disabled) { ask(b.payload, b.title); input.focus(); } });
        group.appendChild(btn);
      });
      item.appendChild(group);
    }
    if (entry.failed) addRetry(item, entry);
    log.appendChild(item);
    return item;
  }
  function addRetry(item, entry) {
    var bar = el("span", { "class": "unsent" });
    bar.appendChild(el("span", null, "Message non envoyé."));
    var again = el("button", { type: "button", "aria-label": "Réessayer d'envoyer « " + String(entry.text).slice(0, 60) + " »" }, "Réessayer");
    again.addEventListener("click", function () { if (!busy) deliver(entry, item); });
    bar.appendChild(again); item.appendChild(bar);
    return again;
  }
  // Phone users read from the top: a long answer shows its start, a short one the end.
  function reveal(first) {
    var bottom = log.scrollHeight - log.clientHeight;
    log.scrollTop = first ? Math.min(first.offsetTop - 8, bottom) : bottom;
  }

  // Who speaks: the assistant, or a counsellor (first name, role) until the assistant is back.
  var speaker = "";
  function setSpeaker(who) {
    speaker = who ? who.name : "";
    title.textContent = who ? who.name + " · " + who.role : BOT_TITLE;
    subtitle.textContent = who ? "Une personne de la plateforme vous répond." : BOT_SUB;
    header.className = "head" + (who ? " human" : "");
  }
  function speak(entry) {
    var who = entry.from === "counsellor" ? entry.who : null, shown = null;
    if ((who ? who.name : "") !== speaker) {
      var line = { from: "system", text: who ? who.name + " (" + who.role.charAt(0).toLowerCase() + who.role.slice(1) + ") vous répond." : "L'assistant automatique reprend la conversation." };
      transcript.push(line); shown = render(line);
      setSpeaker(who);
    }
    transcript.push(entry);
    var item = render(entry, false);
    return shown || item;
  }

  // "Supprimer mes données" done: nothing of the conversation stays in this browser
  // (storage or screen: a shared computer), and the next message starts under a new,
  // unlinked id.
  function forget() {
    transcript = []; seen = 0; grant = null;
    if (local) [":log", ":seen", ":id"].forEach(function (k) { local.removeItem(KEY + k); });
    sender = "web:" + uuid();
    if (local) local.setItem(KEY + ":id", sender);
  }
  function showAll(replies) {
    var first = null, erased = false;
    (Array.isArray(replies) ? replies : []).forEach(function (m) {
      if (!m || typeof m !== "object") return;
      var custom = m.custom && typeof m.custom === "object" ? m.custom : {};
      if (custom.erased === true) {  // nothing before it stays on screen either
        erased = true; transcript = []; log.textContent = ""; setSpeaker(null);
      }
      var entry = { from: "bot", text: typeof m.text === "string" ? m.text : "" };
      if (custom.counsellor) {
        entry.from = "counsellor";
        entry.who = { name: String(custom.counsellor).slice(0, 80), role: String(custom.counsellor_role || "Conseiller de la plateforme").slice(0, 120) };
      }
      if (Array.isArray(m.buttons)) entry.buttons = m.buttons.filter(function (b) { return b && b.title && b.payload; }).map(function (b) { return { title: String(b.title), payload: String(b.payload) }; });
      if (Array.isArray(custom.sources)) entry.sources = custom.sources;
      if (!entry.text && !(entry.buttons && entry.buttons.length)) return;
      var item = speak(entry);
      first = first || item;
    });
    if (erased) forget(); else save();
    return first;
  }

  // A counsellor's messages are not replies to a post: fetch them every few seconds,
  // and at once when the page comes back (a tab left open for a day, a laptop waking up).
  // The poll names the conversation by a short-lived signed token, never by its id in
  // the URL (URLs end up in access logs): POST /token with the id in the body first.
  var pendingUrl = origin + "/webhooks/rest/pending", tokenUrl = origin + "/webhooks/rest/token";
  var seen = Number((local && local.getItem(KEY + ":seen")) || 0);
  var polling = false, grant = null;
  function pollToken(signal) {
    var mine = sender;
    if (grant && grant.sender === mine && grant.until > Date.now() / 1000 + 60) return Promise.resolve(grant.token);
    return fetch(withPlatform(tokenUrl), { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ sender: mine }), signal: signal })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (t) {
        // how long it lasts, counted on this device's clock: a phone set a few hours off
        // would otherwise ask for a token before every poll, or use an expired one
        var left = Number(t.expires_in) || (Number(t.expires_at) || 0) - Date.now() / 1000;
        grant = { sender: mine, token: String(t.token), until: Date.now() / 1000 + left };
        return grant.token;
      });
  }
  function poll() {
    if (!transcript.length || document.hidden || polling) return;
    polling = true;
    var abort = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (abort) abort.abort(); }, 15000);
    var signal = abort ? abort.signal : undefined;
    pollToken(signal)
      .then(function (token) { return fetch(withPlatform(pendingUrl + "?after=" + seen), { headers: { Authorization: "Bearer " + token }, signal: signal }); })
      .then(function (r) { if (r.status === 401) grant = null; return r.ok ? r.json() : []; })
      .then(function (messages) {
        if (!Array.isArray(messages) || !messages.length) return;
        var fresh = messages.filter(function (m) { return m && m.custom && m.custom.timestamp > seen; });
        fresh.forEach(function (m) { seen = Math.max(seen, m.custom.timestamp); });
        if (local) local.setItem(KEY + ":seen", String(seen));
        var first = showAll(fresh);
        if (first && !panel.hidden) reveal(first);
      }).catch(function () { /* offline: next time */ }).then(function () {
        clearTimeout(timer); polling = false;
      });
  }
  setInterval(poll, 5000);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) poll(); });
  window.addEventListener("online", poll);

  function newId() {
    return window.crypto && crypto.randomUUID ? crypto.randomUUID() : Date.now() + "-" + Math.random().toString(36).slice(2);
  }
  var busy = false;
  function ask(message, shown) {
    message = String(message || "").trim();
    if (!message || busy) return;
    spendAnswers();
    // One id per message: a retry (network cut, "Réessayer") is answered once.
    var mine = { from: "user", text: shown || message, payload: message, id: newId() };
    transcript.push(mine); save();
    var item = render(mine, true);
    reveal(null);
    deliver(mine, item);
  }
  function deliver(mine, item) {
    busy = true; send.disabled = true;
    status.textContent = speaker ? "Envoi en cours…" : "L'assistant écrit…";
    var body = JSON.stringify({ sender: sender, message: mine.payload || mine.text, message_id: mine.id || newId(), metadata: { platform: platform, page: location.pathname, first_name: firstName || undefined } });
    function attempt(left) {
      return fetch(endpoint, { method: "POST", headers: { "Content-Type": "application/json" }, body: body }).then(function (r) {
        if (r.status >= 500 && left) throw new Error("retry");
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      }).catch(function (e) {
        if (!left || e.message.indexOf("HTTP") === 0) throw e;
        return new Promise(function (done) { setTimeout(done, 2000); }).then(function () { return attempt(left - 1); });
      });
    }
    attempt(2).then(function (replies) {
      if (mine.failed) {
        delete mine.failed; item.className = item.className.replace(" failed", "");
        var bar = item.querySelector(".unsent"); if (bar) bar.remove();
      }
      save();
      reveal(showAll(replies));
      status.textContent = "";
    }).catch(function () {
      var again = mine.failed ? item.querySelector(".unsent button") : addRetry(item, mine);
      mine.failed = true; save();
      if (item.className.indexOf(" failed") < 0) item.className += " failed";
      status.textContent = "Votre message n'est pas parti : vérifiez votre connexion, puis « Réessayer ».";
      if (again && !panel.hidden) again.focus();
    }).then(function () {
      busy = false; send.disabled = false;
    });
  }

  // a phone's screen is all panel: modal there, Tab goes round its own controls
  var FULL = window.matchMedia ? window.matchMedia("(max-width:30em)") : { matches: false };
  function setOpen(open, focus) {
    panel.hidden = !open; panel.setAttribute("aria-modal", String(FULL.matches));
    launch.setAttribute("aria-expanded", String(open));
    if (session) session.setItem(KEY + ":open", open ? "1" : "");
    if (open) { log.scrollTop = log.scrollHeight; poll(); }
    if (open && focus) input.focus();
    if (!open && focus) launch.focus();
  }
  launch.addEventListener("click", function () { setOpen(panel.hidden, true); });
  close.addEventListener("click", function () { setOpen(false, true); });
  panel.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { e.preventDefault(); setOpen(false, true); }
    if (e.key !== "Tab" || !FULL.matches) return;
    var all = [].filter.call(panel.querySelectorAll("button,a[href],textarea,[tabindex='0']"), function (n) { return !n.disabled && n.getClientRects().length; });
    var end = e.shiftKey ? all[0] : all[all.length - 1];
    if (root.activeElement === end) { e.preventDefault(); (e.shiftKey ? all[all.length - 1] : all[0]).focus(); }
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit", { cancelable: true })); }
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value;
    if (!text.trim() || busy) return;
    input.value = "";
    ask(text);
  });

  var lastUser = -1, lastSpeaker = null;
  transcript.forEach(function (m, i) {
    if (m.from === "user") lastUser = i;
    if (m.from === "bot" || m.from === "counsellor") lastSpeaker = m.from === "counsellor" ? m.who : null;
  });
  transcript.forEach(function (m, i) { render(m, i < lastUser); });
  if (lastSpeaker && lastSpeaker.name) setSpeaker(lastSpeaker);
  if (!transcript.length) {
    render({ from: "bot", text: "Écrivez votre question, par exemple : « Comment devenir aide-soignant ? »" }, false);
  }
  (document.body || document.documentElement).appendChild(host);
  if (session && session.getItem(KEY + ":open")) setOpen(true, false);
})();
