// The editor's schema: what the Markdown renderer supports, and nothing else
// (no underline, no images, no merged table cells), plus footnotes and the marks of
// suggested edits.
import { Mark, Node, mergeAttributes } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import { BulletList, OrderedList } from "@tiptap/extension-list";
import { Table, TableCell, TableHeader, TableRow } from "@tiptap/extension-table";

const tight = {
  tight: {
    default: true,
    parseHTML: (el) => el.getAttribute("data-tight") !== "false",
    renderHTML: (attrs) => (attrs.tight ? {} : { "data-tight": "false" }),
  },
};

const align = {
  align: {
    default: null,
    parseHTML: (el) => {
      const value = (el.getAttribute("align") || el.style.textAlign || "").toLowerCase();
      return ["left", "center", "right"].includes(value) ? value : null;
    },
    renderHTML: (attrs) => (attrs.align ? { align: attrs.align } : {}),
  },
};

export const FootnoteRef = Node.create({
  name: "footnoteRef",
  group: "inline",
  inline: true,
  atom: true,
  selectable: true,
  addAttributes() {
    return { label: { default: "1", parseHTML: (el) => el.getAttribute("data-fn") || "1" } };
  },
  parseHTML() {
    return [{ tag: "sup[data-fn]" }];
  },
  renderHTML({ node }) {
    return ["sup", { class: "fn-ref", "data-fn": node.attrs.label }, node.attrs.label];
  },
});

export const FootnoteDef = Node.create({
  name: "footnoteDef",
  group: "block",
  content: "paragraph+",
  defining: true,
  addAttributes() {
    return { label: { default: "1", parseHTML: (el) => el.getAttribute("data-label") || "1" } };
  },
  parseHTML() {
    return [{ tag: "div.fn-def" }];
  },
  renderHTML({ node, HTMLAttributes }) {
    return ["div", mergeAttributes(HTMLAttributes, { class: "fn-def", "data-label": node.attrs.label }), 0];
  },
});

function suggestionMark(name, tag, cls) {
  return Mark.create({
    name,
    inclusive: name === "suggestInsert",
    excludes: "",
    addOptions() {
      return { title: "%(name)s" };
    },
    addAttributes() {
      return { author: { default: "" } };
    },
    parseHTML() {
      return [{ tag: `${tag}.${cls}`, getAttrs: (el) => ({ author: el.getAttribute("data-author") || "" }) }];
    },
    renderHTML({ mark }) {
      return [tag, { class: cls, "data-author": mark.attrs.author,
        title: this.options.title.replace("%(name)s", mark.attrs.author) }, 0];
    },
  });
}

export const SuggestInsert = suggestionMark("suggestInsert", "ins", "sugg-ins");
export const SuggestDelete = suggestionMark("suggestDelete", "del", "sugg-del");

export function extensions(options = {}) {
  const strings = options.strings || {};
  return [
    StarterKit.configure({
      underline: false,
      bulletList: false,
      orderedList: false,
      link: { openOnClick: false, autolink: true, linkOnPaste: true,
        protocols: ["http", "https", "mailto"], HTMLAttributes: { rel: "noopener noreferrer", target: null } },
      heading: { levels: [1, 2, 3, 4, 5, 6] },
    }),
    BulletList.extend({ addAttributes() { return { ...this.parent?.(), ...tight }; } }),
    OrderedList.extend({ addAttributes() { return { ...this.parent?.(), ...tight }; } }),
    Table.configure({ resizable: false, allowTableNodeSelection: false }),
    TableRow,
    TableHeader.extend({ addAttributes() { return { ...this.parent?.(), ...align }; } }),
    TableCell.extend({ addAttributes() { return { ...this.parent?.(), ...align }; } }),
    FootnoteRef,
    FootnoteDef,
    SuggestInsert.configure({ title: strings.suggestedInsert || "%(name)s" }),
    SuggestDelete.configure({ title: strings.suggestedDelete || "%(name)s" }),
  ];
}
