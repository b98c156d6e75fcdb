// Markdown <-> editor document, for the Markdown the server renders (Python-Markdown
// with tables, footnotes, fenced code, sane lists, ~~strike~~).
//
// Parsing: markdown-it (+ markdown-it-footnote) tokens into the TipTap schema through
// prosemirror-markdown's MarkdownParser, extended for pipe tables and footnotes.
// Serialising: prosemirror-markdown's MarkdownSerializer with the house dialect:
// "-" bullets and continuation lines indented by four spaces (what Python-Markdown
// needs for nested lists), "*" italic, "**" bold, pipe tables, [^n] footnotes with
// their definitions at the end, hard breaks as two trailing spaces.
import MarkdownIt from "markdown-it";
import footnotePlugin from "markdown-it-footnote";
import { MarkdownParser, MarkdownSerializer, MarkdownSerializerState } from "prosemirror-markdown";

export function tokenizer() {
  const md = new MarkdownIt("default", { html: false, linkify: false, typographer: false });
  md.use(footnotePlugin);
  md.disable(["image"]); // the renderer shows no images: keep "![..](..)" as written
  return md;
}

function listIsTight(tokens, i) {
  while (++i < tokens.length) {
    if (tokens[i].type !== "list_item_open") return tokens[i].hidden;
  }
  return false;
}

function alignOf(token) {
  const style = token.attrGet("style") || "";
  const found = /text-align:\s*(left|center|right)/.exec(style);
  return found ? found[1] : null;
}

// Table cells hold blocks in the editor but inline text in Markdown: wrap each cell's
// inline token in a paragraph. Footnote references get their label (inline
// footnotes "^[...]" have none: their number stands in).
function adjustTokens(tokens) {
  const out = [];
  for (const token of tokens) {
    if (token.type === "inline" && out.length && /^t[hd]_open$/.test(out[out.length - 1].type)) {
      const Token = token.constructor;
      const open = new Token("paragraph_open", "p", 1);
      const close = new Token("paragraph_close", "p", -1);
      out.push(open, token, close);
      continue;
    }
    if (token.children) token.children = adjustTokens(token.children);
    out.push(token);
  }
  return out;
}

function footnoteLabel(token) {
  const meta = token.meta || {};
  return meta.label != null ? String(meta.label) : String((meta.id || 0) + 1);
}

const TOKENS = {
  blockquote: { block: "blockquote" },
  paragraph: { block: "paragraph" },
  list_item: { block: "listItem" },
  bullet_list: { block: "bulletList", getAttrs: (_t, tokens, i) => ({ tight: listIsTight(tokens, i) }) },
  ordered_list: {
    block: "orderedList",
    getAttrs: (tok, tokens, i) => ({ start: +tok.attrGet("start") || 1, tight: listIsTight(tokens, i) }),
  },
  heading: { block: "heading", getAttrs: (tok) => ({ level: +tok.tag.slice(1) }) },
  code_block: { block: "codeBlock", noCloseToken: true },
  fence: { block: "codeBlock", getAttrs: (tok) => ({ language: tok.info || null }), noCloseToken: true },
  hr: { node: "horizontalRule" },
  hardbreak: { node: "hardBreak" },
  em: { mark: "italic" },
  strong: { mark: "bold" },
  s: { mark: "strike" },
  link: { mark: "link", getAttrs: (tok) => ({ href: tok.attrGet("href"), title: tok.attrGet("title") || null }) },
  code_inline: { mark: "code", noCloseToken: true },
  table: { block: "table" },
  thead: { ignore: true },
  tbody: { ignore: true },
  tr: { block: "tableRow" },
  th: { block: "tableHeader", getAttrs: (tok) => ({ align: alignOf(tok) }) },
  td: { block: "tableCell", getAttrs: (tok) => ({ align: alignOf(tok) }) },
  footnote_ref: { node: "footnoteRef", getAttrs: (tok) => ({ label: footnoteLabel(tok) }) },
  footnote_block: { ignore: true },
  footnote: { block: "footnoteDef", getAttrs: (tok) => ({ label: footnoteLabel(tok) }) },
  footnote_anchor: { ignore: true, noCloseToken: true },
};

export function markdownParser(schema) {
  const md = tokenizer();
  const wrapped = { parse: (text, env) => adjustTokens(md.parse(text, env || {})) };
  return new MarkdownParser(schema, wrapped, TOKENS);
}

// ------------------------------------------------------------------ serialising

class State extends MarkdownSerializerState {
  esc(str, startOfLine = false) {
    // "~" cannot be escaped for Python-Markdown; only "~~" would mean strike-through.
    str = str.replace(/[`*\\[\]_]/g, (m, i) =>
      m === "_" && i > 0 && i + 1 < str.length && /\w/.test(str[i - 1]) && /\w/.test(str[i + 1]) ? m : "\\" + m);
    // Text that would read as HTML or an entity stays text.
    str = str.replace(/&(?=#?\w+;)/g, "&amp;").replace(/<(?=[A-Za-z/!?])/g, "&lt;");
    str = str.replace(/~~/g, "&#126;&#126;");
    if (startOfLine) {
      str = str.replace(/^(\+[ ]|[-*>])/, "\\$&").replace(/^(\s*)(#{1,6})(\s|$)/, "$1\\$2$3")
        .replace(/^(\s*\d+)\.\s/, "$1\\. ");
    }
    return str;
  }
}

function cellText(state, cell) {
  const inner = new State(state.nodes, state.marks, state.options);
  inner.renderContent(cell);
  return inner.out.trim().replace(/\s*\n+\s*/g, " ").replace(/\|/g, "\\|");
}

const RULE = { left: ":---", center: ":---:", right: "---:" };

const NODES = {
  blockquote(state, node) {
    state.wrapBlock("> ", null, node, () => state.renderContent(node));
  },
  codeBlock(state, node) {
    const backticks = node.textContent.match(/`{3,}/gm);
    const fence = backticks ? backticks.sort().slice(-1)[0] + "`" : "```";
    state.write(fence + (node.attrs.language || "") + "\n");
    state.text(node.textContent, false);
    state.write("\n");
    state.write(fence);
    state.closeBlock(node);
  },
  heading(state, node) {
    state.write(state.repeat("#", node.attrs.level) + " ");
    state.renderInline(node, false);
    state.closeBlock(node);
  },
  horizontalRule(state, node) {
    state.write("---");
    state.closeBlock(node);
  },
  bulletList(state, node) {
    state.renderList(node, "    ", () => "- ");
  },
  orderedList(state, node) {
    const start = node.attrs.start || 1;
    state.renderList(node, "    ", (i) => `${start + i}. `);
  },
  listItem(state, node) {
    state.renderContent(node);
  },
  paragraph(state, node) {
    state.renderInline(node);
    state.closeBlock(node);
  },
  hardBreak(state, node, parent, index) {
    for (let i = index + 1; i < parent.childCount; i++) {
      if (parent.child(i).type !== node.type) {
        state.write("  \n");
        return;
      }
    }
  },
  text(state, node) {
    state.text(node.text, !state.inAutolink);
  },
  table(state, node) {
    const rows = [];
    node.forEach((row) => {
      const cells = [];
      row.forEach((cell) => cells.push(cellText(state, cell)));
      rows.push(cells);
    });
    const width = Math.max(...rows.map((r) => r.length));
    const aligns = [];
    node.firstChild.forEach((cell) => aligns.push(cell.attrs.align));
    const line = (cells) => "| " + Array.from({ length: width }, (_, i) => cells[i] || "").join(" | ") + " |";
    const lines = [line(rows[0]), "| " + Array.from({ length: width }, (_, i) => RULE[aligns[i]] || "---").join(" | ") + " |"];
    rows.slice(1).forEach((cells) => lines.push(line(cells)));
    lines.forEach((text) => {
      state.write(text);
      state.ensureNewLine();
    });
    state.closeBlock(node);
  },
  footnoteRef(state, node) {
    state.write(`[^${node.attrs.label}]`);
  },
  footnoteDef(state, node) {
    state.wrapBlock("    ", `[^${node.attrs.label}]: `, node, () => state.renderContent(node));
  },
};

function isPlainURL(link, parent, index) {
  if (link.attrs.title || !/^\w+:/.test(link.attrs.href)) return false;
  const content = parent.child(index);
  if (!content.isText || content.text !== link.attrs.href || content.marks[content.marks.length - 1] !== link) return false;
  return index === parent.childCount - 1 || !link.isInSet(parent.child(index + 1).marks);
}

const MARKS = {
  italic: { open: "*", close: "*", mixable: true, expelEnclosingWhitespace: true },
  bold: { open: "**", close: "**", mixable: true, expelEnclosingWhitespace: true },
  strike: { open: "~~", close: "~~", mixable: true, expelEnclosingWhitespace: true },
  link: {
    open(state, mark, parent, index) {
      state.inAutolink = isPlainURL(mark, parent, index);
      return state.inAutolink ? "<" : "[";
    },
    close(state, mark) {
      const { inAutolink } = state;
      state.inAutolink = undefined;
      if (inAutolink) return ">";
      const href = mark.attrs.href.replace(/[()"\s]/g, (c) => (c === " " ? "%20" : "\\" + c));
      return "](" + href + (mark.attrs.title ? ` "${mark.attrs.title.replace(/"/g, '\\"')}"` : "") + ")";
    },
    mixable: true,
  },
  code: {
    open(_state, _mark, parent, index) { return backticksFor(parent.child(index), -1); },
    close(_state, _mark, parent, index) { return backticksFor(parent.child(index - 1), 1); },
    escape: false,
  },
  // Suggested edits never reach Markdown: proposedDoc() resolves them first.
  suggestInsert: { open: "", close: "" },
  suggestDelete: { open: "", close: "" },
};

function backticksFor(node, side) {
  const ticks = /`+/g;
  let m;
  let len = 0;
  if (node.isText) while ((m = ticks.exec(node.text))) len = Math.max(len, m[0].length);
  let result = len > 0 && side > 0 ? " `" : "`";
  for (let i = 0; i < len; i++) result += "`";
  if (len > 0 && side < 0) result += " ";
  return result;
}

const serializer = new MarkdownSerializer(NODES, MARKS);

// Footnote definitions go last, in the order of their first reference, so that the
// text reads the same whatever the order they were written in.
function footnotesLast(doc) {
  const defs = [];
  const rest = [];
  doc.forEach((child) => (child.type.name === "footnoteDef" ? defs : rest).push(child));
  if (!defs.length) return doc;
  const order = [];
  doc.descendants((node) => {
    if (node.type.name === "footnoteRef" && !order.includes(node.attrs.label)) order.push(node.attrs.label);
  });
  const rank = (d) => {
    const i = order.indexOf(d.attrs.label);
    return i < 0 ? order.length : i;
  };
  defs.sort((a, b) => rank(a) - rank(b));
  return doc.type.create(doc.attrs, rest.concat(defs));
}

export function serialize(doc) {
  const state = new State(serializer.nodes, serializer.marks, { tightLists: false, hardBreakNodeName: "hardBreak" });
  state.renderContent(footnotesLast(doc));
  const text = state.out.replace(/\s+$/, "");
  return text ? text + "\n" : "";
}

// ------------------------------------------------------------------ keeping what was written

// The source of each top-level block of a Markdown text, keyed by the block's content,
// so that blocks nobody touched are saved exactly as they were written (no churn in
// diffs, merges and suggestions).
export function blockSources(schema, text) {
  const md = tokenizer();
  const env = {};
  const tokens = md.parse(text, env);
  if (env.references && Object.keys(env.references).length) return null; // [x][ref] needs its definition
  const lines = text.split("\n");
  const doc = markdownParser(schema).parse(text);
  const sources = [];
  for (const token of tokens) {
    if (token.level === 0 && token.nesting !== -1 && token.map && token.block && !/^footnote/.test(token.type)) {
      sources.push(lines.slice(token.map[0], token.map[1]).join("\n").replace(/\s+$/, ""));
    }
  }
  const blocks = [];
  doc.forEach((child) => { if (child.type.name !== "footnoteDef") blocks.push(child); });
  if (blocks.length !== sources.length) return null;
  const byKey = new Map();
  blocks.forEach((block, i) => {
    const key = JSON.stringify(block.toJSON());
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key).push(sources[i]);
  });
  return byKey;
}

export function serializeKeeping(doc, sources) {
  if (!sources) return serialize(doc);
  doc = footnotesLast(doc);
  const pool = new Map([...sources].map(([k, v]) => [k, v.slice()]));
  const parts = [];
  const fresh = [];
  const flush = () => {
    if (!fresh.length) return;
    const text = serialize(doc.type.create(doc.attrs, fresh.splice(0))).replace(/\s+$/, "");
    if (text) parts.push(text);
  };
  const defs = [];
  doc.forEach((child) => {
    if (child.type.name === "footnoteDef") { defs.push(child); return; }
    const kept = pool.get(JSON.stringify(child.toJSON()));
    if (kept && kept.length) {
      flush();
      parts.push(kept.shift());
    } else {
      fresh.push(child);
    }
  });
  flush();
  if (defs.length) parts.push(serialize(doc.type.create(doc.attrs, defs)).replace(/\s+$/, ""));
  const text = parts.join("\n\n");
  return text ? text + "\n" : "";
}
