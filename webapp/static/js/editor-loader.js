/* Loads the rich-text editor (js/editor.bundle.js, about 200 KB with gzip) only when it
   is needed, so that reading a page does not download it. It serves the section form
   (#doc-editor-form) and every long Markdown field marked <textarea data-rich-editor>;
   each names the bundle's hashed URL in data-editor-src.
   - when the writer starts editing: focus on, or a press in, one of these text boxes;
   - at once when a draft of this section waits in this browser (it is offered back),
     or when the writer already used the section editor in this tab (after a save).
   Until then the page is the plain Markdown form, which also works without JavaScript;
   the bundle mounts the editor over every such text box of the page, keeps what was
   typed meanwhile, and the box that was being edited gets the focus. */
(function () {
  "use strict";

  var form = document.getElementById("doc-editor-form");
  var body = form && form.getAttribute("data-editor-src") ? form.querySelector("textarea[name=body]") : null;
  var fields = Array.prototype.slice.call(document.querySelectorAll("textarea[data-rich-editor][data-editor-src]"));
  var boxes = body ? [body].concat(fields) : fields;
  if (!boxes.length) { return; }
  var source = body ? form.getAttribute("data-editor-src") : fields[0].getAttribute("data-editor-src");
  var USED = "policycycle-editor-used";
  var requested = false;

  function remembered(storage, key) {
    try { return !!(key && window[storage].getItem(key)); } catch (e) { return false; }
  }

  function load(target) {
    if (requested) { return; }
    requested = true;
    if (body) {
      try { window.sessionStorage.setItem(USED, "yes"); } catch (e) { /* private mode */ }
    }
    var script = document.createElement("script");
    script.src = source;
    script.onload = function () {
      var editor = target === body ? form.editor : target && target.editor;
      if (editor) { editor.commands.focus(); }
    };
    document.head.appendChild(script);
  }

  if (body && (remembered("localStorage", form.getAttribute("data-draft-key")) ||
               remembered("sessionStorage", USED))) {
    load(null);
    return;
  }
  boxes.forEach(function (box) {
    box.addEventListener("focus", function () { load(box); });
    box.addEventListener("pointerdown", function () { load(box); });
  });
  // Focused before this script ran (a field in error is focused as the page opens).
  if (boxes.indexOf(document.activeElement) >= 0) { load(document.activeElement); }
})();
