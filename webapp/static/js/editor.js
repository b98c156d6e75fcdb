/* Document pages, progressive enhancement only: every flow works without this file.
   - presence: heartbeat while a section's editor is open; who is editing, on the outline too
   - "someone else saved meanwhile" notice while you edit
   - select a passage of the text to prefill the comment's quote
   - Ctrl+S / Cmd+S saves; a warning before leaving with unsaved text
*/
(function () {
  "use strict";

  var POLL_MS = 20000;
  // Translated strings from the page (see app.js); the key itself if app.js did not load.
  var t = (window.policycycle && window.policycycle.t) || function (key) { return key; };
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute("content") : "";

  function $(sel, root) { return (root || document).querySelector(sel); }
  function all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  function request(method, url, body) {
    var headers = { "Accept": "application/json", "X-Requested-With": "fetch" };
    if (method !== "GET") { headers["X-CSRFToken"] = csrf; headers["Content-Type"] = "application/json"; }
    return fetch(url, {
      method: method, headers: headers, credentials: "same-origin",
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) { return r.ok ? r.json() : null; }).catch(function () { return null; });
  }

  function every(ms, fn) {
    fn();
    setInterval(function () { if (!document.hidden) { fn(); } }, ms);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) { fn(); } });
  }

  function names(editors) { return editors.map(function (e) { return e.name; }); }

  all(".doc-js-only").forEach(function (el) { el.hidden = false; });

  /* ---------------------------------------------------------------- confirmations */
  all("[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });

  /* ---------------------------------------------------------------- outline presence */
  var outline = $(".doc-outline[data-presence-url]");
  if (outline) {
    every(POLL_MS, function () {
      request("GET", outline.getAttribute("data-presence-url")).then(function (data) {
        if (!data) { return; }
        all(".doc-editing[data-section]", outline).forEach(function (cell) {
          var editors = data.sections[cell.getAttribute("data-section")] || [];
          cell.textContent = "";
          editors.forEach(function (e) {
            var chip = document.createElement("span");
            chip.className = "doc-presence-chip";
            chip.title = e.name;
            chip.textContent = e.name;
            cell.appendChild(chip);
          });
        });
      });
    });
  }

  /* ---------------------------------------------------------------- section page */
  var page = $("#doc-section");
  if (!page) { return; }
  var form = $("#doc-editor-form");
  var textarea = form ? $("textarea[name=body]", form) : null;
  var baseInput = form ? $("input[name=base_revision]", form) : null;
  var presenceLine = $("#doc-presence");
  var notice = $("#doc-saved-meanwhile");
  var url = page.getAttribute("data-presence-url");
  var heartbeat = page.getAttribute("data-heartbeat") === "yes" && !!form;
  var original = textarea ? textarea.value : "";
  var dirty = textarea ? textarea.getAttribute("data-dirty") === "yes" : false;
  var submitting = false;

  function showPresence(editors) {
    if (!presenceLine) { return; }
    var list = names(editors);
    presenceLine.hidden = list.length === 0;
    presenceLine.textContent = list.length === 0 ? "" :
      (list.length === 1 ? t("one_editing", { name: list[0] }) :
        t("many_editing", { names: list.join(t("list_separator")) }));
  }

  function showSavedMeanwhile(data) {
    if (!notice || !baseInput || !data || data.saved_by_me) { return; }
    var base = parseInt(baseInput.value, 10);
    if (!(data.revision > base)) { notice.hidden = true; return; }
    notice.textContent = "";
    notice.appendChild(document.createTextNode(t("saved_meanwhile", {
      who: data.saved_by || t("someone"), revision: data.revision, base: base
    }) + " "));
    var link = document.createElement("a");
    link.href = window.location.pathname;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = t("open_newest");
    notice.appendChild(link);
    notice.hidden = false;
  }

  if (url) {
    every(POLL_MS, function () {
      request(heartbeat ? "POST" : "GET", url, heartbeat ? {} : null).then(function (data) {
        if (!data) { return; }
        showPresence(data.editors || []);
        if (dirty) { showSavedMeanwhile(data); }
      });
    });
    if (heartbeat) {
      window.addEventListener("pagehide", function () {
        if (!navigator.sendBeacon) { return; }
        var data = new FormData();
        data.append("csrf_token", csrf);
        data.append("leave", "1");
        navigator.sendBeacon(url, data);
      });
    }
  }

  if (textarea) {
    textarea.addEventListener("input", function () { dirty = textarea.value !== original || textarea.getAttribute("data-dirty") === "yes"; });
    form.addEventListener("submit", function () { submitting = true; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty && !submitting) { event.preventDefault(); event.returnValue = ""; }
    });
    document.addEventListener("keydown", function (event) {
      if ((event.ctrlKey || event.metaKey) && (event.key === "s" || event.key === "S")) {
        event.preventDefault();
        submitting = true;
        if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
      }
    });
  }

  /* ---------------------------------------------------------------- quoting a selection */
  var body = $("#doc-body");
  var quote = $("#comment-quote");
  if (body && quote) {
    var pick = function () {
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed || selection.rangeCount === 0) { return; }
      var range = selection.getRangeAt(0);
      if (!body.contains(range.commonAncestorContainer)) { return; }
      var text = selection.toString().replace(/\s+\n/g, "\n").trim();
      if (!text) { return; }
      quote.value = text;
      quote.classList.add("is-filled");
      var comment = $("#comment-body");
      if (comment && !comment.value) { comment.setAttribute("placeholder", t("comment_on_selection")); }
    };
    body.addEventListener("mouseup", pick);
    body.addEventListener("keyup", pick);
  }

  /* ---------------------------------------------------------------- marks <-> threads */
  all("mark.comment-anchor[data-comments]").forEach(function (mark) {
    mark.title = t("comment_numbers", {
      numbers: mark.getAttribute("data-comments").split(" ").join(t("list_separator") + "#")
    });
    mark.addEventListener("click", function () {
      var id = mark.getAttribute("data-comments").split(" ")[0];
      var thread = document.getElementById("comment-" + id);
      if (thread) { thread.scrollIntoView({ behavior: "smooth", block: "center" }); history.replaceState(null, "", "#comment-" + id); }
    });
  });
})();
