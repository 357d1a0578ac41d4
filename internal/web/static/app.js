// cultivate: small progressive enhancements. Every page works without this.
(function () {
  "use strict";

  // "/" focuses the page's search or filter box.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var box = document.querySelector("[data-slash-focus]");
    if (box) { e.preventDefault(); box.focus(); }
  });

  // Confirm destructive actions.
  document.addEventListener("submit", function (e) {
    var f = e.target;
    var msg = f.getAttribute && f.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) e.preventDefault();
  });

  // Show exact times in the viewer's own time zone on hover.
  document.querySelectorAll("time[datetime]").forEach(function (el) {
    var d = new Date(el.getAttribute("datetime"));
    if (!isNaN(d)) el.title = d.toLocaleString(undefined, { dateStyle: "full", timeStyle: "short" });
  });

  // One click selects a secret or link for copying.
  document.querySelectorAll("[data-select-all]").forEach(function (el) {
    if (el.hasAttribute("data-absolute") && el.value.charAt(0) === "/") el.value = location.origin + el.value;
    el.addEventListener("focus", function () { el.select(); });
  });

  // Suggest the browser's time zone on an empty or UTC profile field.
  var tz = document.querySelector("[data-tz]");
  if (tz && (tz.value === "" || tz.value === "UTC") && window.Intl) {
    try { tz.placeholder = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (_) {}
  }

  // Keep a draft of long forms in this browser until they are submitted,
  // so nothing typed is lost to a closed tab or a failed connection.
  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var key = "cultivate-draft:" + form.getAttribute("data-draft");
    var fields = form.querySelectorAll("textarea, input[type=text], input:not([type])");
    var saved;
    try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (_) { saved = null; }
    if (saved && !form.querySelector("[aria-invalid=true]")) {
      fields.forEach(function (f) { if (saved[f.name] !== undefined && saved[f.name] !== f.value) f.value = saved[f.name]; });
    }
    form.addEventListener("input", function () {
      var d = {};
      fields.forEach(function (f) { d[f.name] = f.value; });
      try { localStorage.setItem(key, JSON.stringify(d)); } catch (_) {}
    });
    form.addEventListener("submit", function () { try { localStorage.removeItem(key); } catch (_) {} });
  });
})();

// "Has this been asked before?": similar requests and knowledge appear as
// the person types the question (the button does the same without JS).
(function () {
  "use strict";
  var form = document.querySelector("form[data-similar]");
  if (!form || !window.fetch) return;
  var url = form.getAttribute("data-similar");
  var out = document.querySelector("[data-similar-results]");
  var hint = document.querySelector("[data-similar-placeholder]");
  var title = form.querySelector("#title"), body = form.querySelector("#body");
  var timer = null, last = "";
  function look() {
    var q = (title.value + "\n" + body.value.slice(0, 1000)).trim();
    if (q.length < 8 || q === last) return;
    last = q;
    fetch(url + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) { if (html && out) { out.innerHTML = html; if (hint) hint.hidden = true; } })
      .catch(function () {});
  }
  [title, body].forEach(function (el) {
    if (el) el.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(look, 400); });
  });
})();

// A confirm on one button of a form (e.g. "Delete reply").
document.addEventListener("click", function (e) {
  var b = e.target.closest && e.target.closest("[data-confirm-click]");
  if (b && !window.confirm(b.getAttribute("data-confirm-click"))) e.preventDefault();
});

// ---- Backlog votes (backlog.html, backlog_item.html) ----
// A vote updates in place: the form is posted as it would be without
// JavaScript, and the vote box of the page the server answers with
// replaces this one. Without fetch, the plain post and redirect work.
document.addEventListener("submit", function (e) {
  var form = e.target;
  if (!form.matches || !form.matches("form[data-vote]") || !window.fetch || !window.DOMParser) return;
  var box = form.closest("[data-vote-box]");
  if (!box) return;
  e.preventDefault();
  fetch(form.action, { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
    .then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(box.id);
      if (!fresh) { form.submit(); return; }
      box.replaceWith(fresh);
      var button = fresh.querySelector("button");
      if (button) button.focus();
    })
    .catch(function () { form.submit(); });
});
// ---- End of backlog votes ----

// ---- Event RSVPs (event.html) ----
// An answer updates in place: the form is posted as without JavaScript
// (with the button pressed), and the answer box and the list of people
// going from the page the server answers with replace these. Without
// fetch, the plain post and redirect work.
document.addEventListener("submit", function (e) {
  var form = e.target;
  if (!form.matches || !form.matches("form[data-rsvp]") || !window.fetch || !window.DOMParser) return;
  var button = e.submitter;
  if (!button || !button.name) return;
  e.preventDefault();
  // The plain post, with the pressed button's answer, when this can't help.
  var plain = function () {
    var input = document.createElement("input");
    input.type = "hidden"; input.name = button.name; input.value = button.value;
    form.appendChild(input);
    form.submit();
  };
  var body = new URLSearchParams(new FormData(form));
  body.set(button.name, button.value);
  fetch(form.action, { method: "POST", body: body, credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
    .then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var ids = ["rsvp", "going-card"];
      for (var i = 0; i < ids.length; i++) {
        if (!doc.getElementById(ids[i]) || !document.getElementById(ids[i])) { plain(); return; }
      }
      ids.forEach(function (id) { document.getElementById(id).replaceWith(doc.getElementById(id)); });
      var pressed = document.getElementById(button.id);
      if (pressed) pressed.focus();
    })
    .catch(plain); // an error page shows as without JavaScript
});
// ---- End of event RSVPs ----

// ---- Live workshop (workshop.html) ----
// The server tells every open page, through server-sent events, that the
// workshop has a new version; the page then fetches its board and swaps
// it in, unless someone is typing in it (then it waits until they leave
// the field). Notes can be dragged onto a group; the "Move to" form does
// the same without JavaScript. The countdown counts from the seconds the
// server's clock left, so a wrong clock in the browser does not matter.
(function () {
  "use strict";
  var board = document.getElementById("ws-board");
  if (!board || !window.fetch || !window.DOMParser) return;
  var pending = false;

  // Someone is in a field of the board: swapping it now would lose what
  // they type, so the swap waits until they leave it.
  function typing() {
    var a = document.activeElement;
    return a && board.contains(a) && /^(TEXTAREA|INPUT|SELECT)$/.test(a.tagName);
  }
  function refresh() {
    if (typing()) { pending = true; return; }
    pending = false;
    fetch(board.getAttribute("data-board"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("ws-board");
        if (!fresh) return;
        if (typing()) { pending = true; return; }
        board.replaceWith(fresh);
        board = fresh;
        startClock();
      })
      .catch(function () {});
  }
  document.addEventListener("focusout", function () { if (pending) setTimeout(refresh, 0); });

  var clock = null;
  function startClock() {
    if (clock) clearInterval(clock);
    var el = board.querySelector("[data-remaining]");
    if (!el) return;
    var left = parseInt(el.getAttribute("data-remaining"), 10) || 0;
    var out = el.querySelector(".ws-clock");
    function show() {
      var m = Math.floor(left / 60), s = left % 60;
      out.textContent = left > 0 ? m + ":" + (s < 10 ? "0" : "") + s : "time is up";
    }
    show();
    clock = setInterval(function () {
      left = Math.max(0, left - 1);
      show();
      if (left === 0) { clearInterval(clock); refresh(); }
    }, 1000);
  }
  startClock();

  if (window.EventSource) {
    var es = new EventSource(board.getAttribute("data-events"));
    es.addEventListener("version", function (e) {
      if (String(e.data) !== board.getAttribute("data-version")) refresh();
    });
  }

  // Drag a note onto a group (or back to "Not grouped yet").
  var dragged = null;
  document.addEventListener("dragstart", function (e) {
    var n = e.target.closest && e.target.closest("[data-note-id]");
    if (!n || !board.contains(n)) return;
    dragged = n;
    n.classList.add("dragging");
    e.dataTransfer.setData("text/plain", n.getAttribute("data-note-id"));
  });
  document.addEventListener("dragend", function () { if (dragged) dragged.classList.remove("dragging"); dragged = null; });
  document.addEventListener("dragover", function (e) {
    var z = e.target.closest && e.target.closest("[data-drop-group]");
    if (!z || !dragged) return;
    e.preventDefault();
    z.classList.add("drop-target");
  });
  document.addEventListener("dragleave", function (e) {
    var z = e.target.closest && e.target.closest("[data-drop-group]");
    if (z) z.classList.remove("drop-target");
  });
  document.addEventListener("drop", function (e) {
    var z = e.target.closest && e.target.closest("[data-drop-group]");
    if (!z || !dragged) return;
    e.preventDefault();
    z.classList.remove("drop-target");
    var body = new URLSearchParams();
    body.set("note", dragged.getAttribute("data-note-id"));
    body.set("group", z.getAttribute("data-drop-group"));
    fetch(board.getAttribute("data-move"), { method: "POST", body: body, credentials: "same-origin" })
      .then(function () { refresh(); })
      .catch(function () {});
  });
})();
// ---- End of live workshop ----
