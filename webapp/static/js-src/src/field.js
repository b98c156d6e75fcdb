// The field editor: the section editor's formatting over any long Markdown textarea that
// a template marks with data-rich-editor (meeting minutes, a monitoring narrative, the
// findings of an evaluation...). Several may share a page. Progressive enhancement: the
// textarea stays the form's field and receives the Markdown as it is typed and when the
// form is sent, so the plain form post is unchanged; "Edit the Markdown source" shows it.
import { Editor, getSchema } from "@tiptap/core";
import { extensions } from "./extensions.js";
import { blockSources, markdownParser, serializeKeeping } from "./markdown.js";
import { el, format, strings } from "./dom.js";
import { buttonStates, formattingActions, formattingButtons, formattingShortcuts, rovingFocus } from "./toolbar.js";

/** The text of the textarea's own label (its "(optional)" included), spaces collapsed. */
function labelOf(textarea) {
  const label = textarea.labels && textarea.labels[0];
  return label ? label.textContent.replace(/\s+/g, " ").trim() : textarea.getAttribute("aria-label") || "";
}

/** An id for the editing surface, unique on the page. */
function surfaceId(textarea) {
  const base = (textarea.id || textarea.name || "field") + "-editor";
  let id = base;
  for (let n = 2; document.getElementById(id); n += 1) id = `${base}-${n}`;
  return id;
}

export function mountField(textarea) {
  if (!textarea || textarea.tagName !== "TEXTAREA") return null;
  if (textarea.getAttribute("data-enhanced") === "yes") return textarea.editor || null;
  textarea.setAttribute("data-enhanced", "yes");
  const S = strings();
  const headingLevel = Math.min(6, Math.max(1, parseInt(textarea.getAttribute("data-heading-level"), 10) || 2));
  const form = textarea.form;
  const label = labelOf(textarea);

  const extensionList = extensions({ strings: S });
  const schema = getSchema(extensionList);
  const original = textarea.value;
  const sources = blockSources(schema, original);
  const parse = (text) => markdownParser(schema).parse(text).toJSON();

  // ---------------------------------------------------------------- the editor
  const id = surfaceId(textarea);
  const box = el("div", { class: "rich-field" });
  const toolbar = el("div", { role: "toolbar", class: "doc-toolbar", "aria-controls": id,
    "aria-label": label && S.fieldToolbar ? format(S.fieldToolbar, { field: label }) : S.toolbar });
  const surface = el("div", { id, class: "doc-editor-surface rich-field-surface" });
  box.appendChild(toolbar);
  box.appendChild(surface);
  textarea.parentNode.insertBefore(box, textarea);
  textarea.classList.add("rich-field-input");

  // What the textarea said about itself, said by the editor now that it stands in.
  const attributes = { role: "textbox", "aria-multiline": "true", "aria-label": label, spellcheck: "true" };
  ["aria-describedby", "aria-invalid"].forEach((name) => {
    if (textarea.hasAttribute(name)) attributes[name] = textarea.getAttribute(name);
  });
  if (textarea.required) {
    // A hidden field cannot show the browser's "fill this in": the server says it.
    attributes["aria-required"] = "true";
    textarea.required = false;
  }

  const actions = formattingActions(() => editor, S, headingLevel);
  const editor = new Editor({
    element: surface,
    extensions: [...extensionList, formattingShortcuts("fieldShortcuts", actions)],
    content: parse(original),
    injectCSS: false,
    editorProps: { attributes },
  });

  const markdown = () => serializeKeeping(editor.state.doc, sources);
  const baseline = serializeKeeping(schema.nodeFromJSON(parse(original)), sources);
  const sourceMode = () => box.classList.contains("rich-field-source");
  let submitting = false;
  let timer = null;

  /** The Markdown into the textarea, the one the form sends. */
  function write() {
    clearTimeout(timer);
    if (sourceMode()) return;
    const text = markdown();
    textarea.value = text === baseline ? original : text; // untouched: sent as it came
  }

  editor.on("update", () => {
    clearTimeout(timer);
    timer = setTimeout(write, 300);
    refresh();
  });
  editor.on("selectionUpdate", () => refresh());
  editor.on("blur", write);

  // ---------------------------------------------------------------- toolbar
  const buttons = formattingButtons(toolbar, actions, S);
  const sourceButton = el("button", { type: "button", "data-action": "source", tabindex: "-1", "aria-pressed": "false" }, S.markdownSource);
  toolbar.appendChild(sourceButton);
  buttons.push(sourceButton);
  buttons[0].setAttribute("tabindex", "0");
  rovingFocus(toolbar, buttons);
  const refresh = buttonStates(editor, buttons, headingLevel);

  // ---------------------------------------------------------------- Markdown source
  sourceButton.addEventListener("click", () => {
    const toSource = !sourceMode();
    if (toSource) write();
    else editor.commands.setContent(parse(textarea.value), { emitUpdate: true });
    box.classList.toggle("rich-field-source", toSource);
    textarea.classList.toggle("rich-field-input", !toSource);
    sourceButton.setAttribute("aria-pressed", toSource ? "true" : "false");
    sourceButton.textContent = toSource ? S.richText : S.markdownSource;
    // Only the way back stays in the toolbar while the source is shown.
    buttons.forEach((b) => { if (b !== sourceButton) b.hidden = toSource; });
    buttons.forEach((b) => b.setAttribute("tabindex", b === sourceButton ? "0" : "-1"));
    if (toSource) textarea.focus();
    else editor.commands.focus();
  });

  // Its label, clicked, leads into the editor (the textarea it names is hidden).
  Array.from(textarea.labels || []).forEach((node) => node.addEventListener("click", (event) => {
    if (sourceMode()) return;
    event.preventDefault();
    editor.commands.focus();
  }));

  // ---------------------------------------------------------------- sending and leaving
  if (form) {
    form.addEventListener("submit", write);
    // Seen last (on the window), so a send cancelled on the way ("Are you sure?") counts not.
    window.addEventListener("submit", (event) => {
      if (event.target === form && !event.defaultPrevented) submitting = true;
    });
  }
  window.addEventListener("pageshow", () => { submitting = false; });
  window.addEventListener("beforeunload", (event) => {
    if (submitting) return;
    write();
    if (textarea.value !== original) {
      event.preventDefault();
      event.returnValue = S.unsaved || "";
    }
  });

  refresh();
  textarea.editor = editor;
  surface.setAttribute("data-ready", "yes");
  return editor;
}

/** Every field of the page marked data-rich-editor. */
export function mountFields(root) {
  return Array.from((root || document).querySelectorAll("textarea[data-rich-editor]")).map(mountField);
}
