/* Console des conseillers : mises à jour en direct (Server-Sent Events).
 * Sans dépendance. Le HTML affiché vient du serveur, déjà échappé ; le texte
 * des événements n'est jamais interprété comme du HTML. */
(function () {
  "use strict";
  var body = document.body;
  var url = body.getAttribute("data-stream");
  if (!url || !window.EventSource) return;
  var conversation = body.getAttribute("data-conversation") || "";
  var badge = document.getElementById("badge");
  var live = document.getElementById("live");
  var baseTitle = document.title.replace(/^\(\d+\)\s*/, "");

  function setBadge(count) {
    if (!badge || typeof count !== "number") return;
    badge.textContent = String(count);
    badge.className = "badge" + (count ? "" : " empty");
    document.title = (count ? "(" + count + ") " : "") + baseTitle;
  }

  // One fetch per region at a time; an event arriving meanwhile marks the region
  // stale and it is fetched again once the first answer is in (else it was lost).
  var pending = {};
  var stale = {};
  function refresh(id) {
    var node = document.getElementById(id);
    if (!node) return;
    if (pending[id]) { stale[id] = true; return; }
    pending[id] = true;
    stale[id] = false;
    fetch(node.getAttribute("data-src"), {
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (response.status === 401) { location.href = "/console/login?next=" + encodeURIComponent(location.pathname); return null; }
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (html === null || html === undefined) return;
      var stick = node.scrollHeight - node.scrollTop - node.clientHeight < 40;
      // the counsellor walking the list (j/k, Tab) keeps their place when it is redrawn
      var focused = document.activeElement;
      var href = focused && node.contains(focused) ? focused.getAttribute("href") : null;
      node.innerHTML = html;
      if (href) {
        var again = Array.prototype.filter.call(node.querySelectorAll("a[href]"), function (a) {
          return a.getAttribute("href") === href;
        })[0];
        if (again) again.focus();
      }
      if (id === "transcript" && stick) node.scrollTop = node.scrollHeight;
      if (id === "queue" || id === "inbox") {
        var list = node.querySelector("[data-open-count]");
        if (list) setBadge(parseInt(list.getAttribute("data-open-count"), 10));
      }
    }).catch(function () { /* the next event or reconnection refreshes */ }).then(function () {
      pending[id] = false;
      if (stale[id]) refresh(id);
    });
  }

  function concerns(data) {
    return conversation && data && String(data.conversation_id) === conversation;
  }

  // Browser notifications for new requests, once the counsellor allowed them.
  var bell = document.getElementById("notify");
  if (bell && window.Notification && Notification.permission === "default") {
    bell.hidden = false;
    bell.addEventListener("click", function () {
      Notification.requestPermission().then(function () { bell.hidden = true; });
    });
  }
  function notify(data) {
    if (!window.Notification || Notification.permission !== "granted" || !document.hidden) return;
    var n = new Notification("Nouvelle demande d'un candidat", {
      body: "Une personne attend un conseiller (" + data.open_count + " en attente).",
      tag: "handoff-" + data.conversation_id
    });
    n.onclick = function () { window.focus(); location.href = "/console/conversations/" + encodeURIComponent(data.conversation_id); };
  }

  var source = new EventSource(url);
  source.addEventListener("open", function () {
    if (live) { live.textContent = "en direct"; live.className = "live on"; }
  });
  source.addEventListener("error", function () {
    if (live) { live.textContent = "reconnexion…"; live.className = "live"; }
  });
  source.addEventListener("hello", function (e) {
    var data = JSON.parse(e.data);
    setBadge(data.open_count);
    refresh("queue"); refresh("inbox");  // whatever happened while disconnected
    if (conversation) { refresh("transcript"); refresh("state"); }
  });
  source.addEventListener("queue", function (e) {
    var data = JSON.parse(e.data);
    if (data.change === "opened") notify(data);
    if (typeof data.open_count === "number") setBadge(data.open_count);
    refresh("queue"); refresh("inbox");
    if (concerns(data) || data.change === "erased") { refresh("transcript"); refresh("state"); }
  });
  source.addEventListener("conversation", function (e) {
    var data = JSON.parse(e.data);
    refresh("queue");
    if (concerns(data)) { refresh("transcript"); refresh("state"); }
  });
  source.addEventListener("logout", function () {
    source.close();
    location.href = "/console/login";
  });

  var transcript = document.getElementById("transcript");
  if (transcript) transcript.scrollTop = transcript.scrollHeight;
  // waiting times move on even without events
  setInterval(function () { refresh("queue"); refresh("inbox"); }, 60000);
})();

/* Réponses types ("/" dans la réponse) et raccourcis clavier (documentés dans l'en-tête). */
(function () {
  "use strict";
  var box = document.getElementById("reply-text");
  var list = document.getElementById("canned-list");
  var data = document.getElementById("canned-data");
  var canned = [];
  try { canned = JSON.parse(data ? data.textContent : "[]") || []; } catch (e) { canned = []; }
  var shown = [], chosen = 0;

  function slash() {  // the "/word" being typed at the caret, or null
    var before = box.value.slice(0, box.selectionStart);
    var m = /(^|\s)\/([a-z0-9_-]{0,32})$/.exec(before);
    return m ? { start: before.length - m[2].length - 1, word: m[2] } : null;
  }
  function close() { if (list) { list.hidden = true; box.removeAttribute("aria-activedescendant"); } }
  function pick(index) {
    var typed = slash(), reply = shown[index];
    if (!typed || !reply) return close();
    var end = typed.start + 1 + typed.word.length;
    box.value = box.value.slice(0, typed.start) + reply.text + box.value.slice(end);
    var caret = typed.start + reply.text.length;
    box.setSelectionRange(caret, caret);
    close(); box.focus();
  }
  function draw() {
    list.textContent = "";
    shown.forEach(function (r, i) {
      var li = document.createElement("li");
      li.id = "canned-" + i; li.setAttribute("role", "option");
      li.setAttribute("aria-selected", String(i === chosen));
      var key = document.createElement("span"); key.className = "key"; key.textContent = "/" + r.shortcut;
      li.appendChild(key); li.appendChild(document.createTextNode(r.text.slice(0, 90)));
      li.addEventListener("mousedown", function (e) { e.preventDefault(); pick(i); });
      list.appendChild(li);
    });
    list.hidden = !shown.length;
    if (shown.length) box.setAttribute("aria-activedescendant", "canned-" + chosen);
  }
  if (box && list) {
    box.addEventListener("input", function () {
      var typed = slash();
      if (!typed) return close();
      shown = canned.filter(function (r) { return r.shortcut.indexOf(typed.word) === 0; }).slice(0, 8);
      chosen = 0; draw();
    });
    box.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && box.form) { e.preventDefault(); box.form.requestSubmit(); return; }
      if (list.hidden) return;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        chosen = (chosen + (e.key === "ArrowDown" ? 1 : shown.length - 1)) % shown.length; draw();
      } else if (e.key === "Enter" || e.key === "Tab") { e.preventDefault(); pick(chosen); }
      else if (e.key === "Escape") { e.preventDefault(); close(); }
    });
    box.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  var pendingG = false;
  document.addEventListener("keydown", function (e) {
    var t = e.target, typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    var search = document.getElementById("search");
    var help = document.querySelector("details.shortcuts");
    if (e.key === "?" && help) { e.preventDefault(); help.open = !help.open; help.querySelector("summary").focus(); return; }
    if (e.key === "Escape" && help && help.open) { help.open = false; help.querySelector("summary").focus(); return; }
    if (e.key === "/" && search) { e.preventDefault(); search.focus(); return; }
    if (e.key === "r" && box) { e.preventDefault(); box.focus(); return; }
    if (pendingG && e.key === "q") { location.href = "/console"; return; }
    pendingG = e.key === "g";
    if (e.key === "j" || e.key === "k") {
      var links = Array.prototype.slice.call(document.querySelectorAll(".cards .who-link, .inbox-list a"));
      if (!links.length) return;
      var at = links.indexOf(document.activeElement);
      var next = e.key === "j" ? Math.min(at + 1, links.length - 1) : Math.max(at - 1, 0);
      e.preventDefault(); links[at < 0 ? 0 : next].focus();
    }
  });
})();
