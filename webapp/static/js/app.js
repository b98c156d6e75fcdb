/* Progressive enhancement only: every form works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // What scripts say to people comes from the page, translated on the server:
  // policycycle.t("key", {name: "..."}) fills the %(name)s placeholders.
  var strings = {};
  var block = document.getElementById("i18n-strings");
  if (block) {
    try { strings = JSON.parse(block.textContent); } catch (error) { strings = {}; }
  }
  window.policycycle = window.policycycle || {};
  window.policycycle.t = function (key, params) {
    var text = Object.prototype.hasOwnProperty.call(strings, key) ? strings[key] : key;
    return text.replace(/%\((\w+)\)s/g, function (whole, name) {
      return params && Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole;
    });
  };

  // Ask before consequential actions (forms or buttons with data-confirm).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var message = (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // Show the override reason only while "override the gate" is ticked.
  document.querySelectorAll("[data-override]").forEach(function (box) {
    var checkbox = box.querySelector('input[type="checkbox"]');
    var reason = box.querySelector("[data-override-reason]");
    if (!checkbox || !reason) { return; }
    var sync = function () {
      reason.hidden = !checkbox.checked;
      var area = reason.querySelector("textarea");
      if (area) { area.required = checkbox.checked; }
    };
    checkbox.addEventListener("change", function () {
      sync();
      if (checkbox.checked) {
        var area = reason.querySelector("textarea");
        if (area) { area.focus(); }
      }
    });
    sync();
  });

  // Select a freshly created token in one click, ready to copy.
  document.querySelectorAll("[data-select-on-focus]").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });

  // On narrow screens, bring the current tab into view in the scrolling tab bar.
  var tab = document.querySelector('.tabs [aria-current="page"]');
  if (tab && tab.parentNode && tab.parentNode.parentNode) {
    var bar = tab.parentNode.parentNode;
    if (bar.scrollWidth > bar.clientWidth) {
      var a = tab.getBoundingClientRect(), b = bar.getBoundingClientRect();
      bar.scrollLeft += a.left - b.left - (b.width - a.width) / 2;
    }
  }

  // After an action that brings the reader back to one part of the page (an address
  // ending in #anchor), show what happened there, not at the top of the page, out of sight.
  var flashes = document.querySelector(".flashes");
  var hash = window.location.hash.slice(1);
  var anchor = null;
  if (hash) {
    try { anchor = document.getElementById(decodeURIComponent(hash)); } catch (error) { anchor = null; }
  }
  if (flashes && flashes.children.length && anchor && !anchor.contains(flashes)) {
    // Inside a table or straight inside a list, a message would break its structure:
    // it goes just before the table or list instead.
    var outside = anchor.closest("table") || (/^(UL|OL|DL)$/.test(anchor.tagName) ? anchor : null);
    var head = anchor.firstElementChild;
    flashes.classList.add("flashes-here");
    if (outside) {
      outside.parentNode.insertBefore(flashes, outside);
    } else if (head && (/^H[1-6]$/.test(head.tagName) || head.classList.contains("card-head"))) {
      head.parentNode.insertBefore(flashes, head.nextSibling);
    } else {
      anchor.insertBefore(flashes, anchor.firstChild);
    }
    anchor.scrollIntoView({ block: "start" });
  }

  // Move focus to a refusal or the first field in error, so it is read out.
  var refusal = document.getElementById("refusal");
  var invalid = document.querySelector('[aria-invalid="true"]');
  if (refusal) { refusal.focus(); }
  else if (invalid) {
    var details = invalid.closest("details");
    if (details) { details.open = true; }
    invalid.focus();
  }
})();
