// Live status, countdowns and the inbox badge. Every page works without this file.
(function () {
  "use strict";

  function left(expires) {
    var s = Math.ceil((Date.parse(expires) - Date.now()) / 1000);
    if (s <= 0) return "ended";
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return (h ? h + "h" : "") + (m ? m + "m" : "") + (r ? r + "s" : "") + " left";
  }

  function tick() {
    document.querySelectorAll("[data-expires]").forEach(function (el) {
      el.textContent = left(el.getAttribute("data-expires"));
    });
  }

  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); });
  }

  // On a grant's page: reload when its status changes, so actions and the timeline stay true.
  function watchGrant() {
    var main = document.querySelector("[data-grant-id]");
    if (!main) return;
    var id = main.getAttribute("data-grant-id"), status = main.getAttribute("data-status");
    setInterval(function () {
      getJson("/api/v1/grants/" + encodeURIComponent(id)).then(function (g) {
        if (g.status !== status) window.location.reload();
      }).catch(function () {});
    }, 2000);
  }

  function watchBadge() {
    var badge = document.getElementById("approvals-badge");
    if (!badge) return;
    setInterval(function () {
      getJson("/api/v1/grants?view=approvals&limit=500").then(function (page) {
        var n = page.grants.length;
        badge.textContent = page.nextPageToken ? n + "+" : String(n);
        badge.classList.toggle("hidden", n === 0);
      }).catch(function () {});
    }, 10000);
  }

  function autosubmit() {
    document.querySelectorAll("select[data-autosubmit]").forEach(function (el) {
      el.addEventListener("change", function () { el.form.submit(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    tick();
    setInterval(tick, 1000);
    watchGrant();
    watchBadge();
    autosubmit();
  });
})();
