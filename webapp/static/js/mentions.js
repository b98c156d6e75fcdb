// Autocomplete of members' names after "@" in comment boxes (progressive enhancement:
// without it, typing "@" and the full name works the same). The names and the list's
// label come from the page: <datalist id="..." data-label="..."> named by the
// textarea's data-mentions attribute.
(function () {
  "use strict";

  function namesOf(list) {
    return Array.prototype.map.call(list.querySelectorAll("option"), function (o) { return o.value; });
  }

  function fragmentBefore(area) {
    var before = area.value.slice(0, area.selectionStart);
    var match = /(^|\s)@([^@\n]{0,40})$/.exec(before);
    return match ? { start: before.length - match[2].length, text: match[2] } : null;
  }

  function attach(area) {
    var list = document.getElementById(area.getAttribute("data-mentions"));
    if (!list) { return; }
    var names = namesOf(list);
    var box = document.createElement("ul");
    box.className = "mention-box";
    box.setAttribute("role", "listbox");
    box.setAttribute("aria-label", list.getAttribute("data-label") || "");
    box.hidden = true;
    area.insertAdjacentElement("afterend", box);
    var active = -1;

    function close() { box.hidden = true; box.textContent = ""; active = -1; }

    function choose(name) {
      var found = fragmentBefore(area);
      if (!found) { return close(); }
      var after = area.value.slice(area.selectionStart);
      area.value = area.value.slice(0, found.start) + name + " " + after;
      var caret = found.start + name.length + 1;
      area.setSelectionRange(caret, caret);
      close();
      area.focus();
    }

    function highlight(index) {
      var items = box.querySelectorAll("li");
      active = (index + items.length) % items.length;
      Array.prototype.forEach.call(items, function (li, i) {
        li.setAttribute("aria-selected", i === active ? "true" : "false");
      });
    }

    area.addEventListener("input", function () {
      var found = fragmentBefore(area);
      if (!found) { return close(); }
      var wanted = found.text.toLowerCase();
      var matches = names.filter(function (n) { return n.toLowerCase().indexOf(wanted) === 0; }).slice(0, 8);
      if (!matches.length) { return close(); }
      box.textContent = "";
      matches.forEach(function (name) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.textContent = name;
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(name); });
        box.appendChild(li);
      });
      box.hidden = false;
      highlight(0);
    });

    area.addEventListener("keydown", function (event) {
      if (box.hidden) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Enter" || event.key === "Tab") {
        var item = box.querySelectorAll("li")[active];
        if (item) { event.preventDefault(); choose(item.textContent); }
      } else if (event.key === "Escape") { close(); }
    });
    area.addEventListener("blur", close);
  }

  document.querySelectorAll("textarea[data-mentions]").forEach(attach);
})();
