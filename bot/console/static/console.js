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

  var pending = {};
  function refresh(id) {
    var node = document.getElementById(id);
    if (!node || pending[id]) return;
    pending[id] = true;
    fetch(node.getAttribute("data-src"), {
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (response.status === 401) { location.href = "/console/login?next=" + encodeURIComponent(location.pathname); return null; }
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (html === null || html === undefined) return;
      var stick = node.scrollHeight - node.scrollTop - node.clientHeight < 40;
      node.innerHTML = html;
      if (id === "transcript" && stick) node.scrollTop = node.scrollHeight;
      if (id === "queue" || id === "inbox") {
        var list = node.querySelector("[data-open-count]");
        if (list) setBadge(parseInt(list.getAttribute("data-open-count"), 10));
      }
    }).catch(function () { /* the next event or reconnection refreshes */ }).then(function () {
      pending[id] = false;
    });
  }

  function concerns(data) {
    return conversation && data && String(data.conversation_id) === conversation;
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
