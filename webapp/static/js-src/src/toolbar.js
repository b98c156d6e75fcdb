// The formatting toolbar shared by the section editor (main.js) and the field editor
// (field.js): its buttons, what each does, their shortcuts, the WAI-ARIA toolbar keys
// (one tab stop, arrows, Home and End) and the pressed state of each toggle.
import { Extension } from "@tiptap/core";
import { cleanPastedHTML } from "./paste.js";
import { el, nextFootnoteLabel } from "./dom.js";

/** [action, shortcut, is a toggle]; null is a separator. */
const BUTTONS = [
  ["bold", "Ctrl+B", true], ["italic", "Ctrl+I", true], ["heading", "Ctrl+Alt+H", true], null,
  ["bulletList", "Ctrl+Shift+8", true], ["orderedList", "Ctrl+Shift+7", true], ["blockquote", "Ctrl+Shift+B", true], null,
  ["link", "Ctrl+K", true], ["footnote", "Ctrl+Alt+F"], null,
  ["table", "Ctrl+Alt+T"], ["addRow", "Ctrl+Alt+R"], ["removeRow", "Ctrl+Alt+Shift+R"],
  ["addColumn", "Ctrl+Alt+C"], ["removeColumn", "Ctrl+Alt+Shift+C"], null,
  ["undo", "Ctrl+Z"], ["redo", "Ctrl+Shift+Z"],
];

const TABLE_ONLY = ["addRow", "removeRow", "addColumn", "removeColumn"];

/** What each button does to the editor (editor() is read when a button is used). */
export function formattingActions(editor, S, headingLevel) {
  const chain = () => editor().chain().focus();
  return {
    bold: () => chain().toggleBold().run(),
    italic: () => chain().toggleItalic().run(),
    heading: () => chain().toggleHeading({ level: headingLevel }).run(),
    bulletList: () => chain().toggleBulletList().run(),
    orderedList: () => chain().toggleOrderedList().run(),
    blockquote: () => chain().toggleBlockquote().run(),
    link: () => {
      const current = editor().getAttributes("link").href || "";
      const href = window.prompt(S.linkPrompt, current);
      if (href === null) return;
      if (!href.trim()) chain().extendMarkRange("link").unsetLink().run();
      else if (/^(https?:|mailto:)/i.test(href.trim())) chain().extendMarkRange("link").setLink({ href: href.trim() }).run();
    },
    table: () => chain().insertTable({ rows: 2, cols: 2, withHeaderRow: true }).run(),
    addRow: () => chain().addRowAfter().run(),
    removeRow: () => chain().deleteRow().run(),
    addColumn: () => chain().addColumnAfter().run(),
    removeColumn: () => chain().deleteColumn().run(),
    footnote: () => {
      const text = window.prompt(S.footnotePrompt, "");
      if (!text || !text.trim()) return;
      const label = nextFootnoteLabel(editor().state.doc);
      const end = editor().state.doc.content.size;
      chain().insertContent({ type: "footnoteRef", attrs: { label } })
        .insertContentAt(end + 1, { type: "footnoteDef", attrs: { label },
          content: [{ type: "paragraph", content: [{ type: "text", text: text.trim() }] }] })
        .run();
    },
    undo: () => chain().undo().run(),
    redo: () => chain().redo().run(),
  };
}

/** The shortcuts StarterKit does not bring, and the clean-up of pasted HTML. */
export function formattingShortcuts(name, actions) {
  return Extension.create({
    name,
    addKeyboardShortcuts() {
      return {
        "Mod-Alt-t": () => { actions.table(); return true; },
        "Mod-Alt-f": () => { actions.footnote(); return true; },
        "Mod-k": () => { actions.link(); return true; },
        "Mod-Alt-h": () => { actions.heading(); return true; },
        "Mod-Alt-r": () => this.editor.commands.addRowAfter(),
        "Mod-Alt-Shift-r": () => this.editor.commands.deleteRow(),
        "Mod-Alt-c": () => this.editor.commands.addColumnAfter(),
        "Mod-Alt-Shift-c": () => this.editor.commands.deleteColumn(),
      };
    },
    transformPastedHTML(html) {
      return cleanPastedHTML(html);
    },
  });
}

/** Fills the toolbar with the formatting buttons; returns them (more may be pushed). */
export function formattingButtons(toolbar, actions, S) {
  const buttons = [];
  BUTTONS.forEach((entry) => {
    if (!entry) { toolbar.appendChild(el("span", { class: "doc-toolbar-sep", role: "separator" })); return; }
    const [name, keys, toggle] = entry;
    const button = el("button", { type: "button", "data-action": name, tabindex: "-1",
      title: keys ? `${S[name]} (${keys})` : S[name], "aria-keyshortcuts": keys ? keys.replace(/Ctrl/g, "Control") : null,
      "aria-pressed": toggle ? "false" : null }, S[name]);
    button.addEventListener("click", () => actions[name]());
    toolbar.appendChild(button);
    buttons.push(button);
  });
  return buttons;
}

/** WAI-ARIA toolbar: one tab stop, arrow keys, Home and End move between the controls
    that can be used now. */
export function rovingFocus(toolbar, buttons) {
  toolbar.addEventListener("keydown", (event) => {
    const usable = buttons.filter((b) => !b.disabled && !b.hidden);
    const index = usable.indexOf(document.activeElement);
    if (index < 0) return;
    let next = null;
    if (event.key === "ArrowRight") next = usable[(index + 1) % usable.length];
    else if (event.key === "ArrowLeft") next = usable[(index - 1 + usable.length) % usable.length];
    else if (event.key === "Home") next = usable[0];
    else if (event.key === "End") next = usable[usable.length - 1];
    if (!next) return;
    event.preventDefault();
    buttons.forEach((b) => b.setAttribute("tabindex", "-1"));
    next.setAttribute("tabindex", "0");
    next.focus();
  });
}

/** Sets each toggle's pressed state and each button's availability from the selection. */
export function buttonStates(editor, buttons, headingLevel) {
  const ACTIVE = { bold: () => editor.isActive("bold"), italic: () => editor.isActive("italic"),
    heading: () => editor.isActive("heading", { level: headingLevel }), bulletList: () => editor.isActive("bulletList"),
    orderedList: () => editor.isActive("orderedList"), blockquote: () => editor.isActive("blockquote"),
    link: () => editor.isActive("link") };
  return function refresh() {
    const inTable = editor.isActive("table");
    buttons.forEach((b) => {
      const name = b.getAttribute("data-action");
      if (ACTIVE[name]) b.setAttribute("aria-pressed", ACTIVE[name]() ? "true" : "false");
      if (TABLE_ONLY.includes(name)) b.disabled = !inTable;
      if (name === "undo") b.disabled = !editor.can().undo();
      if (name === "redo") b.disabled = !editor.can().redo();
    });
  };
}
