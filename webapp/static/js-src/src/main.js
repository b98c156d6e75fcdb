// The section editor: TipTap mounted over the Markdown textarea of the section page.
// Progressive enhancement: the form, its fields and its routes stay those of the plain
// page; the editor only writes the Markdown into the textarea before the form is sent.
// Every word shown comes from the page (#editor-strings), translated on the server.
import { Editor, getSchema } from "@tiptap/core";
import { DOMParser as ProseMirrorDOMParser } from "@tiptap/pm/model";
import { extensions } from "./extensions.js";
import { blockSources, markdownParser, serialize, serializeKeeping } from "./markdown.js";
import { cleanPastedHTML } from "./paste.js";
import { el, format, strings } from "./dom.js";
import { buttonStates, formattingActions, formattingButtons, formattingShortcuts, rovingFocus } from "./toolbar.js";
import { SuggestMode, hasSuggestions, proposedDoc } from "./track.js";
import { mountField, mountFields } from "./field.js";

export { cleanPastedHTML, serialize, proposedDoc, mountField, mountFields };

/** Markdown -> editor document -> Markdown, with the editor's own schema. */
export function roundTrip(markdown) {
  const schema = getSchema(extensions());
  return serialize(markdownParser(schema).parse(markdown));
}

/** HTML as pasted -> what the editor keeps of it, as Markdown. */
export function pasteToMarkdown(html, parseHTML) {
  const schema = getSchema(extensions());
  const cleaned = cleanPastedHTML(html, parseHTML);
  const dom = parseHTML("<body>" + cleaned + "</body>").body;
  return serialize(ProseMirrorDOMParser.fromSchema(schema).parse(dom));
}

function newId() {
  if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
  return Date.now().toString(36) + Math.random().toString(36).slice(2);
}

function readDraft(key) {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? JSON.parse(raw) : null;
  } catch (_e) {
    return null;
  }
}

function writeDraft(key, value) {
  try {
    if (value) window.localStorage.setItem(key, JSON.stringify(value));
    else window.localStorage.removeItem(key);
  } catch (_e) { /* storage full or disabled: the page still works */ }
}

export function mount(form) {
  const S = strings();
  const textarea = form.querySelector("textarea[name=body]");
  if (!textarea || form.getAttribute("data-enhanced") === "yes") return null;
  form.setAttribute("data-enhanced", "yes");
  const canEdit = form.getAttribute("data-can-edit") === "yes";
  const author = form.getAttribute("data-author") || "";
  const headingLevel = Math.min(6, Math.max(1, parseInt(form.getAttribute("data-heading-level"), 10) || 2));
  const draftKey = form.getAttribute("data-draft-key");
  const saveUrl = form.getAttribute("data-save-url");
  const suggestUrl = form.getAttribute("data-suggest-url");
  const baseInput = form.querySelector("input[name=base_revision]");
  const clientId = form.querySelector("input[name=client_save_id]");
  const saveButton = form.querySelector("#doc-save-button");
  const suggestButton = form.querySelector("#doc-suggest-button");
  if (clientId) clientId.value = newId();
  // Back to this page after a save (the browser's page cache): a new save, a new id.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted && clientId) clientId.value = newId();
    submitting = false;
  });

  const extensionList = extensions({ strings: S });
  const schema = getSchema(extensionList);
  const original = textarea.value;
  const sources = blockSources(schema, original);
  const parse = (text) => markdownParser(schema).parse(text).toJSON();

  // ---------------------------------------------------------------- the editor
  const toolbar = el("div", { role: "toolbar", "aria-label": S.toolbar, "aria-controls": "doc-editor-surface", class: "doc-toolbar" });
  const surface = el("div", { id: "doc-editor-surface", class: "doc-editor-surface" });
  textarea.parentNode.insertBefore(toolbar, textarea);
  textarea.parentNode.insertBefore(surface, textarea);
  form.classList.add("doc-editor-enhanced");

  const actions = formattingActions(() => editor, S, headingLevel);
  const Shortcuts = formattingShortcuts("sectionShortcuts", actions);

  const editor = new Editor({
    element: surface,
    extensions: [...extensionList, SuggestMode, Shortcuts],
    content: parse(original),
    injectCSS: false,
    editorProps: {
      attributes: { role: "textbox", "aria-multiline": "true", "aria-label": S.editorLabel || "", spellcheck: "true",
        lang: document.documentElement.lang || "" },
    },
  });
  const suggest = editor.storage.suggestMode;
  suggest.author = author;
  suggest.enabled = !canEdit;

  const markdown = () => serializeKeeping(proposedDoc(editor.state.doc), sources);
  let dirty = false;
  let submitting = false;
  let timer = null;

  const baseline = serializeKeeping(schema.nodeFromJSON(parse(original)), sources);

  function saveDraft() {
    const body = markdown();
    const changed = body !== baseline || hasSuggestions(editor.state.doc);
    dirty = changed;
    textarea.value = body;
    if (!draftKey) return;
    writeDraft(draftKey, changed ? { body, doc: editor.getJSON(), base: baseInput ? baseInput.value : null,
      suggest: suggest.enabled, at: new Date().toISOString() } : null);
  }

  editor.on("update", () => {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(saveDraft, 400);
    refresh();
  });
  editor.on("selectionUpdate", () => refresh());

  // ---------------------------------------------------------------- toolbar
  const buttons = formattingButtons(toolbar, actions, S);
  const sourceButton = el("button", { type: "button", "data-action": "source", tabindex: "-1", "aria-pressed": "false" }, S.markdownSource);
  toolbar.appendChild(sourceButton);
  buttons.push(sourceButton);
  const toggleLabel = el("label", { class: "doc-suggest-toggle" });
  const toggle = el("input", { type: "checkbox", id: "doc-suggest-toggle", tabindex: "-1" });
  toggle.checked = suggest.enabled;
  toggle.disabled = !canEdit;
  toggleLabel.appendChild(toggle);
  toggleLabel.appendChild(document.createTextNode(" " + S.suggestMode));
  if (!canEdit) toggleLabel.title = S.suggestLocked;
  toolbar.appendChild(toggleLabel);
  buttons.push(toggle);
  buttons[0].setAttribute("tabindex", "0");

  rovingFocus(toolbar, buttons);
  const refresh = buttonStates(editor, buttons, headingLevel);

  // ---------------------------------------------------------------- suggest mode
  function applyMode() {
    suggest.enabled = toggle.checked || !canEdit;
    if (saveButton) saveButton.hidden = suggest.enabled;
    if (suggestButton) {
      suggestButton.textContent = suggest.enabled ? S.sendSuggestion : suggestButton.getAttribute("data-label") || suggestButton.textContent;
      suggestButton.classList.toggle("doc-primary", suggest.enabled);
    }
    form.setAttribute("action", suggest.enabled ? suggestUrl : saveUrl);
    toggle.checked = suggest.enabled;
  }
  if (suggestButton) suggestButton.setAttribute("data-label", suggestButton.textContent);
  toggle.addEventListener("change", applyMode);
  applyMode();

  // ---------------------------------------------------------------- Markdown source
  sourceButton.addEventListener("click", () => {
    const toSource = !form.classList.contains("doc-source-mode");
    if (toSource) {
      textarea.value = markdown();
    } else {
      editor.commands.setContent(parse(textarea.value), { emitUpdate: true });
    }
    form.classList.toggle("doc-source-mode", toSource);
    sourceButton.setAttribute("aria-pressed", toSource ? "true" : "false");
    sourceButton.textContent = toSource ? S.richText : S.markdownSource;
    // Only the way back stays in the toolbar while the source is shown.
    buttons.forEach((b) => { if (b !== sourceButton && b !== toggle) b.hidden = toSource; });
    toggleLabel.hidden = toSource;
    buttons.forEach((b) => b.setAttribute("tabindex", b === sourceButton ? "0" : "-1"));
    if (toSource) textarea.focus();
  });
  textarea.addEventListener("input", () => { dirty = true; });

  // ---------------------------------------------------------------- sending
  form.addEventListener("submit", (event) => {
    if (!form.classList.contains("doc-source-mode")) textarea.value = markdown();
    const submitter = event.submitter;
    const suggesting = suggest.enabled || (submitter && submitter.getAttribute("formaction") === suggestUrl);
    if (suggesting && textarea.value === original && !form.classList.contains("doc-source-mode")) {
      event.preventDefault();
      window.alert(S.nothingToSuggest);
      return;
    }
    submitting = true;
    // A sent suggestion is kept on the server; a save stays in the draft until the
    // page shows the saved text (a failed save must not lose it).
    if (suggesting && draftKey) writeDraft(draftKey, null);
    else {
      saveDraft();
      const kept = draftKey ? readDraft(draftKey) : null;
      if (kept) writeDraft(draftKey, Object.assign(kept, { submitted: true }));
    }
  });
  window.addEventListener("beforeunload", (event) => {
    if (dirty && !submitting) {
      event.preventDefault();
      event.returnValue = S.unsaved || "";
    }
  });

  // ---------------------------------------------------------------- a draft left behind
  const draft = draftKey ? readDraft(draftKey) : null;
  if (draft && draft.body !== undefined) {
    const revision = parseInt(form.getAttribute("data-revision"), 10);
    const saved = draft.submitted && revision > parseInt(draft.base, 10);
    if (draft.body === original || saved) {
      writeDraft(draftKey, null); // saved (perhaps merged with others): nothing to offer
    } else {
      const offer = el("div", { class: "doc-box doc-notice doc-draft-offer", role: "alert", id: "doc-draft-offer" });
      const when = draft.at ? new Date(draft.at).toLocaleString(document.documentElement.lang || undefined) : "";
      offer.appendChild(el("span", {}, format(S.draftFound, { when })));
      const restore = el("button", { type: "button", class: "doc-primary", id: "doc-draft-restore" }, S.draftRestore);
      const discard = el("button", { type: "button", id: "doc-draft-discard" }, S.draftDiscard);
      offer.appendChild(restore);
      offer.appendChild(discard);
      toolbar.parentNode.insertBefore(offer, toolbar);
      restore.addEventListener("click", () => {
        try {
          editor.commands.setContent(draft.doc || parse(draft.body), { emitUpdate: true });
        } catch (_e) {
          editor.commands.setContent(parse(draft.body), { emitUpdate: true });
        }
        if (draft.suggest && canEdit) { toggle.checked = true; applyMode(); }
        // The draft was written on its own revision: saved on that base, the server
        // merges it with what others saved since instead of overwriting it.
        if (baseInput && draft.base !== null && draft.base !== undefined) baseInput.value = draft.base;
        offer.textContent = S.draftRestored;
        offer.setAttribute("role", "status");
        dirty = true;
        saveDraft();
        editor.commands.focus("end");
      });
      discard.addEventListener("click", () => {
        writeDraft(draftKey, null);
        offer.remove();
      });
    }
  }

  refresh();
  form.editor = editor;
  surface.setAttribute("data-ready", "yes");
  return editor;
}

if (typeof document !== "undefined") {
  const start = () => {
    const form = document.getElementById("doc-editor-form");
    if (form) mount(form);
    mountFields(document);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}
