// "Suggest edits": while on, typing does not change the text but records the change
// inline. Deleted text stays, struck through (suggestDelete); typed text is underlined
// (suggestInsert); both carry the author's name. proposedDoc() gives the text as
// proposed: deletions made, insertions kept.
import { Extension } from "@tiptap/core";
import { ReplaceStep } from "@tiptap/pm/transform";
import { Transform } from "@tiptap/pm/transform";
import { TextSelection } from "@tiptap/pm/state";
import { Fragment, Slice } from "@tiptap/pm/model";

function markInserted(fragment, mark, deleteType) {
  const nodes = [];
  fragment.forEach((node) => {
    if (node.isText) nodes.push(node.mark(mark.addToSet(deleteType.removeFromSet(node.marks))));
    else if (node.content.size) nodes.push(node.copy(markInserted(node.content, mark, deleteType)));
    else nodes.push(node);
  });
  return Fragment.fromArray(nodes);
}

function onlyOwnInsertions(doc, from, to, insertType) {
  let own = true;
  let any = false;
  doc.nodesBetween(from, to, (node) => {
    if (node.isText) {
      any = true;
      if (!insertType.isInSet(node.marks)) own = false;
    }
  });
  return any && own;
}

// Rewrite a transaction made by typing into one that records the changes instead.
export function suggestTransaction(state, tr, author) {
  const schema = state.schema;
  const ins = schema.marks.suggestInsert;
  const del = schema.marks.suggestDelete;
  const steps = tr.steps;
  if (!steps.length || !steps.every((s) => s instanceof ReplaceStep && !s.structure)) return tr;
  const out = state.tr;
  const insertMark = ins.create({ author });
  const deleteMark = del.create({ author });
  let cursor = null;
  steps.forEach((step, i) => {
    const from = out.mapping.map(tr.mapping.slice(0, i).invert().map(step.from, -1), -1);
    const to = out.mapping.map(tr.mapping.slice(0, i).invert().map(step.to, 1), 1);
    const slice = step.slice;
    if (from < to && onlyOwnInsertions(out.doc, from, to, ins)) {
      // Taking back one's own suggested insertion really removes it.
      out.replace(from, to, new Slice(markInserted(slice.content, insertMark, del), slice.openStart, slice.openEnd));
      cursor = from + slice.size;
      return;
    }
    if (from < to) {
      out.doc.nodesBetween(from, to, (node, pos) => {
        if (node.isText && !ins.isInSet(node.marks)) {
          out.addMark(Math.max(from, pos), Math.min(to, pos + node.nodeSize), deleteMark);
        }
      });
      // One's own insertions inside the range go for good.
      const own = [];
      out.doc.nodesBetween(from, to, (node, pos) => {
        if (node.isText && ins.isInSet(node.marks)) own.push([Math.max(from, pos), Math.min(to, pos + node.nodeSize)]);
      });
      let removed = 0;
      own.reverse().forEach(([a, b]) => { out.delete(a, b); removed += b - a; });
      const end = to - removed;
      if (slice.size) {
        out.replace(end, end, new Slice(markInserted(slice.content, insertMark, del), slice.openStart, slice.openEnd));
        cursor = end + slice.size;
      } else {
        const head = state.selection.head;
        cursor = head >= to ? from : end; // Backspace moves left, Delete moves right
      }
      return;
    }
    out.replace(from, from, new Slice(markInserted(slice.content, insertMark, del), slice.openStart, slice.openEnd));
    cursor = from + slice.size;
  });
  if (cursor !== null) {
    const pos = Math.max(0, Math.min(cursor, out.doc.content.size));
    out.setSelection(TextSelection.near(out.doc.resolve(pos)));
  }
  out.setStoredMarks([insertMark]);
  out.setMeta("suggested", true);
  if (tr.getMeta("addToHistory") === false) out.setMeta("addToHistory", false);
  return out;
}

export function proposedDoc(doc) {
  const schema = doc.type.schema;
  const del = schema.marks.suggestDelete;
  const ranges = [];
  doc.descendants((node, pos) => {
    if (node.isText && del.isInSet(node.marks)) ranges.push([pos, pos + node.nodeSize]);
  });
  const tr = new Transform(doc);
  for (let i = ranges.length - 1; i >= 0; i--) tr.delete(ranges[i][0], ranges[i][1]);
  tr.removeMark(0, tr.doc.content.size, schema.marks.suggestInsert);
  return tr.doc;
}

export function hasSuggestions(doc) {
  let found = false;
  doc.descendants((node) => {
    if (found) return false;
    if (node.isText && node.marks.some((m) => m.type.name === "suggestInsert" || m.type.name === "suggestDelete")) found = true;
    return !found;
  });
  return found;
}

export const SuggestMode = Extension.create({
  name: "suggestMode",
  addStorage() {
    return { enabled: false, author: "" };
  },
  dispatchTransaction({ transaction, next }) {
    const storage = this.storage;
    const user = transaction.docChanged && !transaction.getMeta("suggested") && !transaction.getMeta("history$") &&
      !transaction.getMeta("preventSuggest");
    if (storage.enabled && user) {
      next(suggestTransaction(this.editor.state, transaction, storage.author));
      return;
    }
    next(transaction);
  },
});
