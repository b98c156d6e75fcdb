/* Loads the rich-text editor (js/editor.bundle.js, about 200 KB with gzip) only when it
   is needed, so that reading a section does not download it:
   - when the writer starts editing: focus on, or a press in, the text box;
   - at once when a draft of this section waits in this browser (it is offered back),
     or when the writer already used the editor in this tab (after a save, a reload).
   Until then the page is the plain Markdown form, which also works without JavaScript;
   the editor mounts over it and keeps what was typed meanwhile. */
(function () {
  "use strict";

  var form = document.getElementById("doc-editor-form");
  var source = form && form.getAttribute("data-editor-src");
  var textarea = form && form.querySelector("textarea[name=body]");
  if (!source || !textarea) { return; }
  var USED = "policycycle-editor-used";
  var requested = false;

  function remembered(storage, key) {
    try { return !!(key && window[storage].getItem(key)); } catch (e) { return false; }
  }

  function load(focus) {
    if (requested) { return; }
    requested = true;
    try { window.sessionStorage.setItem(USED, "yes"); } catch (e) { /* private mode */ }
    var script = document.createElement("script");
    script.src = source;
    script.onload = function () {
      if (focus && form.editor) { form.editor.commands.focus(); }
    };
    document.head.appendChild(script);
  }

  if (remembered("localStorage", form.getAttribute("data-draft-key")) ||
      remembered("sessionStorage", USED)) {
    load(false);
    return;
  }
  textarea.addEventListener("focus", function () { load(true); });
  textarea.addEventListener("pointerdown", function () { load(true); });
})();
