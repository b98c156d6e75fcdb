// Pasting from Word or Google Docs: keep the structure the document supports
// (headings, paragraphs, bold, italic, lists, links, tables, footnotes, quotations)
// and drop the rest (styles, classes, fonts, Office namespaces, empty spans).

const DROP = "style, script, meta, link, title, xml, template, object, embed, img, svg, iframe";
const KEEP_ATTRS = { A: ["href"], TD: ["colspan", "rowspan", "align"], TH: ["colspan", "rowspan", "align"], OL: ["start"] };

function styleOf(el) {
  return (el.getAttribute && el.getAttribute("style")) || "";
}

function rename(el, tag) {
  const doc = el.ownerDocument;
  const fresh = doc.createElement(tag);
  while (el.firstChild) fresh.appendChild(el.firstChild);
  el.parentNode.replaceChild(fresh, el);
  return fresh;
}

function unwrap(el) {
  const parent = el.parentNode;
  if (!parent) return;
  while (el.firstChild) parent.insertBefore(el.firstChild, el);
  parent.removeChild(el);
}

function wrapChildren(el, tag) {
  const wrapper = el.ownerDocument.createElement(tag);
  while (el.firstChild) wrapper.appendChild(el.firstChild);
  el.appendChild(wrapper);
}

function all(root, selector) {
  return Array.prototype.slice.call(root.querySelectorAll(selector));
}

// Word writes lists as paragraphs: <p class=MsoListParagraph style="mso-list:l0 level2 lfo1">
// with the bullet or number in <span style="mso-list:Ignore">. Rebuild real lists.
function wordLists(body) {
  const doc = body.ownerDocument;
  const paragraphs = all(body, "p").filter((p) => /mso-list:\s*l\d+\s+level\d+/i.test(styleOf(p)));
  let stack = [];
  let previous = null;
  for (const p of paragraphs) {
    const level = +(/level(\d+)/i.exec(styleOf(p))[1]);
    let marker = "";
    for (const ignore of all(p, "span")) {
      if (/mso-list:\s*ignore/i.test(styleOf(ignore))) {
        marker = ignore.textContent.replace(/\u00a0/g, " ").trim();
        ignore.parentNode.removeChild(ignore);
      }
    }
    const ordered = /^(\d+|[a-z]|[ivxlc]+)[.)]$/i.test(marker);
    const adjacent = previous && previous.nextElementSibling === p;
    if (!adjacent) stack = [];
    while (stack.length > level) stack.pop();
    while (stack.length < level) {
      const list = doc.createElement(ordered ? "ol" : "ul");
      if (stack.length) {
        const holder = stack[stack.length - 1].lastElementChild || stack[stack.length - 1].appendChild(doc.createElement("li"));
        holder.appendChild(list);
      } else {
        p.parentNode.insertBefore(list, p);
      }
      stack.push(list);
    }
    const item = doc.createElement("li");
    const para = doc.createElement("p");
    while (p.firstChild) para.appendChild(p.firstChild);
    item.appendChild(para);
    stack[stack.length - 1].appendChild(item);
    // The paragraph stays in place (empty) until every item is moved, so that
    // "adjacent" still sees the next one; it is removed below.
    p.setAttribute("data-moved", "1");
    previous = p;
  }
  all(body, "p[data-moved]").forEach((p) => p.parentNode.removeChild(p));
}

// Word footnotes: references <a href="#_ftn1">[1]</a>, notes in <div id="ftn1">.
function wordFootnotes(body) {
  const doc = body.ownerDocument;
  // The rule and break Word puts above its notes are layout, not content.
  for (const list of all(body, "div").filter((d) => /mso-element:\s*footnote-list/i.test(styleOf(d)))) {
    all(list, "hr, br").forEach((el) => el.parentNode.removeChild(el));
  }
  for (const a of all(body, 'a[href^="#_ftn"]')) {
    const n = /_ftn(\d+)/.exec(a.getAttribute("href"));
    if (!n) continue;
    const sup = doc.createElement("sup");
    sup.setAttribute("data-fn", n[1]);
    a.parentNode.replaceChild(sup, a);
  }
  for (const div of all(body, 'div[id^="ftn"]')) {
    const n = /^ftn(\d+)$/.exec(div.getAttribute("id"));
    if (!n) continue;
    for (const back of all(div, 'a[href^="#_ftnref"], sup[data-fn]')) back.parentNode.removeChild(back);
    const note = doc.createElement("div");
    note.setAttribute("class", "fn-def");
    note.setAttribute("data-label", n[1]);
    for (const p of all(div, "p")) {
      const para = doc.createElement("p");
      while (p.firstChild) para.appendChild(p.firstChild);
      if (para.textContent.trim()) note.appendChild(para);
    }
    div.parentNode.replaceChild(note, div);
  }
}

function inlineStyles(body) {
  // Google Docs: <b style="font-weight:normal" id="docs-internal-guid-..."> wraps everything.
  all(body, "b").forEach((b) => { if (/font-weight:\s*(normal|400)/i.test(styleOf(b))) unwrap(b); });
  for (const span of all(body, "span")) {
    const style = styleOf(span);
    if (/font-weight:\s*(bold|[6-9]00)/i.test(style)) wrapChildren(span, "strong");
    if (/font-style:\s*italic/i.test(style)) wrapChildren(span, "em");
    if (/text-decoration[^;]*line-through/i.test(style)) wrapChildren(span, "s");
  }
}

function headings(body) {
  for (const p of all(body, "p")) {
    const cls = p.getAttribute("class") || "";
    const found = /^MsoHeading(\d)$/i.exec(cls) || (/^MsoTitle$/i.test(cls) ? [null, "1"] : null);
    if (found) rename(p, "h" + Math.min(6, +found[1]));
  }
}

export function cleanPastedHTML(html, parse) {
  const doc = (parse || ((text) => new DOMParser().parseFromString(text, "text/html")))(html);
  const body = doc.body;
  // Comments (conditional ones included) and Office namespaces (<o:p>, <w:...>, <v:...>).
  const walker = doc.createTreeWalker(body, 128 /* NodeFilter.SHOW_COMMENT */);
  const comments = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  comments.forEach((c) => c.parentNode.removeChild(c));
  all(body, DROP).forEach((el) => el.parentNode && el.parentNode.removeChild(el));
  for (const el of all(body, "*")) {
    if (el.tagName.indexOf(":") >= 0) {
      if (/^O:P$/i.test(el.tagName)) el.parentNode.removeChild(el);
      else unwrap(el);
    }
  }
  headings(body);
  wordLists(body);
  wordFootnotes(body);
  inlineStyles(body);
  for (const a of all(body, "a")) {
    const href = a.getAttribute("href") || "";
    if (!/^(https?:|mailto:)/i.test(href)) unwrap(a);
  }
  all(body, "span, font, u").forEach(unwrap);
  for (const el of all(body, "*")) {
    const keep = KEEP_ATTRS[el.tagName] || [];
    for (const attr of Array.prototype.slice.call(el.attributes)) {
      const name = attr.name.toLowerCase();
      const special = (el.tagName === "SUP" && name === "data-fn") ||
        (el.tagName === "DIV" && (name === "data-label" || (name === "class" && attr.value === "fn-def")));
      if (!keep.includes(name) && !special) el.removeAttribute(attr.name);
    }
  }
  // Word's empty paragraphs (&nbsp; only) between blocks.
  for (const p of all(body, "p")) {
    if (!p.textContent.replace(/\u00a0/g, " ").trim() && !p.querySelector("sup, br")) {
      if (!p.closest("td, th")) p.parentNode.removeChild(p);
    }
  }
  return body.innerHTML.replace(/\u00a0/g, " ");
}
