// The field editor (mountField) over a plain form, in jsdom, with the committed bundle
// (run by tests/webapp/test_editor_fields.py; needs jsdom, from npm ci). Writes JSON:
// what the textareas hold after each step, and what the page shows.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { JSDOM } from "jsdom";

const here = path.dirname(fileURLToPath(import.meta.url));
const bundle = fs.readFileSync(path.join(here, "../../js/editor.bundle.js"), "utf8");

const STRINGS = { toolbar: "Formatting", fieldToolbar: "Formatting: %(field)s", bold: "Bold",
  bulletList: "Bulleted list", markdownSource: "Edit the Markdown source", richText: "Back to the formatted text",
  unsaved: "You have unsaved changes." };
const page = `<!doctype html><html lang="en"><body>
<script type="application/json" id="editor-strings">${JSON.stringify(STRINGS)}</script>
<form id="f" method="post" action="/save">
  <label for="minutes">Minutes</label>
  <textarea id="minutes" name="minutes" data-rich-editor data-heading-level="3" aria-describedby="minutes-hint">Opening words.

## Decisions

The board met.</textarea>
  <p id="minutes-hint">Markdown.</p>
  <label for="agenda">Agenda</label>
  <textarea id="agenda" name="agenda" data-rich-editor>- one
- two</textarea>
  <textarea id="plain" name="plain">Not marked</textarea>
</form></body></html>`;

const dom = new JSDOM(page, { runScripts: "outside-only", pretendToBeVisual: true });
const { window } = dom;
// Layout jsdom does not do: ProseMirror asks for rectangles to scroll the caret in view.
const rect = () => ({ top: 0, left: 0, right: 0, bottom: 0, width: 0, height: 0, x: 0, y: 0 });
window.Range.prototype.getBoundingClientRect = rect;
window.Range.prototype.getClientRects = () => ({ length: 0, item: () => null, [Symbol.iterator]: [][Symbol.iterator] });
window.document.elementFromPoint = () => null;
if (window.document.readyState === "loading") {
  await new Promise((resolve) => window.document.addEventListener("DOMContentLoaded", resolve));
}
window.eval(bundle); // mounts every textarea[data-rich-editor] as the page's bundle does

const doc = window.document;
const minutes = doc.getElementById("minutes");
const agenda = doc.getElementById("agenda");
const out = { mounted: {}, steps: {} };
for (const area of [minutes, agenda, doc.getElementById("plain")]) {
  out.mounted[area.id] = { editor: !!area.editor, enhanced: area.getAttribute("data-enhanced") };
}
const surfaces = [...doc.querySelectorAll(".rich-field-surface")];
out.surfaceIds = surfaces.map((s) => s.id);
out.toolbars = [...doc.querySelectorAll("[role=toolbar]")].map((t) => [t.getAttribute("aria-label"), t.getAttribute("aria-controls")]);
const box = minutes.editor.view.dom;
out.minutesEditor = { label: box.getAttribute("aria-label"), describedby: box.getAttribute("aria-describedby"),
  role: box.getAttribute("role") };
out.toolbarButtons = [...doc.querySelectorAll("#minutes-editor")].length
  && [...minutes.previousElementSibling.querySelectorAll("button")].map((b) => b.getAttribute("data-action"));

const send = () => doc.getElementById("f").dispatchEvent(new window.Event("submit", { cancelable: true, bubbles: true }));
const leave = () => {
  const event = new window.Event("beforeunload", { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
};
// Nothing typed: leaving does not ask, and a cancelled send sends the text as it came.
out.steps.untouchedLeaveAsks = leave();
doc.addEventListener("submit", (event) => { if (window.cancelNextSend) event.preventDefault(); }, { once: true });
window.cancelNextSend = true;
send();
out.steps.untouched = minutes.value;

// Bold a word, add a bulleted list at the end, a heading at the configured level.
const editor = minutes.editor;
let from = null;
editor.state.doc.descendants((node, pos) => {
  if (from === null && node.isText && node.text.startsWith("Opening")) from = pos;
});
editor.chain().setTextSelection({ from, to: from + "Opening".length }).toggleBold().run();
editor.chain().setTextSelection(editor.state.doc.content.size - 1).splitBlock().insertContent("first item")
  .toggleBulletList().run();
editor.chain().setTextSelection(1).run();
minutes.previousElementSibling.querySelector("[data-action=heading]").click();
out.steps.beforeSubmit = minutes.value; // not yet written (the write waits for a pause)
await new Promise((resolve) => setTimeout(resolve, 400));
out.steps.afterPause = minutes.value;
out.steps.agendaUntouched = agenda.value;

// The Markdown source and back: the textarea shows, is edited, and the editor reads it.
const sourceButton = minutes.previousElementSibling.querySelector("[data-action=source]");
sourceButton.click();
out.steps.sourceShown = { textareaHidden: minutes.classList.contains("rich-field-input"),
  label: sourceButton.textContent, others: [...minutes.previousElementSibling.querySelectorAll("button")].filter((b) => !b.hidden).length };
minutes.value = minutes.value + "\n\nA *new* line.";
sourceButton.click();
out.steps.backFromSource = { html: editor.getHTML(), textareaHidden: minutes.classList.contains("rich-field-input") };

// Leaving with unsaved changes asks (the cancelled send above changed nothing); once
// the form is sent it does not.
out.steps.leaveAsks = leave();
send();
out.steps.submitted = minutes.value;
out.steps.leaveAfterSubmitAsks = leave();
process.stdout.write(JSON.stringify(out));
window.close();
