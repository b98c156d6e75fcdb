// Small DOM helpers shared by the section editor (main.js) and the field editor (field.js).

/** The editor's words, translated on the server, from the page's #editor-strings block. */
export function strings() {
  const block = document.getElementById("editor-strings");
  try {
    return block ? JSON.parse(block.textContent) : {};
  } catch (_e) {
    return {};
  }
}

/** "%(name)s" placeholders filled from values. */
export function format(template, values) {
  return String(template || "").replace(/%\((\w+)\)s/g, (_, key) => (key in values ? values[key] : ""));
}

export function el(tag, attrs, text) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => { if (v !== null && v !== undefined) node.setAttribute(k, v); });
  if (text) node.textContent = text;
  return node;
}

/** The number after the highest footnote label of the document. */
export function nextFootnoteLabel(doc) {
  let max = 0;
  doc.descendants((node) => {
    if (node.type.name === "footnoteRef" || node.type.name === "footnoteDef") {
      const n = parseInt(node.attrs.label, 10);
      if (n > max) max = n;
    }
  });
  return String(max + 1);
}
