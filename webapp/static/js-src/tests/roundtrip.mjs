// Round trip and paste checks over the committed bundle (run by
// tests/webapp/test_editor_markdown.py). Reads {"texts": {name: markdown}, "paste":
// {name: html}} as JSON on stdin; writes {"texts": {name: {once, twice}}, "paste":
// {name: markdown}} (paste needs jsdom, from npm ci; "paste_skipped" says why not).
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const bundle = fs.readFileSync(path.join(here, "../../js/editor.bundle.js"), "utf8");
vm.runInThisContext(bundle, { filename: "editor.bundle.js" });
const api = globalThis.PolicycycleEditor;

const input = JSON.parse(fs.readFileSync(0, "utf8"));
const out = { texts: {}, paste: {} };
for (const [name, text] of Object.entries(input.texts || {})) {
  try {
    const once = api.roundTrip(text);
    out.texts[name] = { once, twice: api.roundTrip(once) };
  } catch (error) {
    out.texts[name] = { error: String(error && error.stack || error) };
  }
}
if (input.paste && Object.keys(input.paste).length) {
  let JSDOM = null;
  try {
    ({ JSDOM } = await import("jsdom"));
  } catch (_e) {
    out.paste_skipped = "jsdom is not installed (npm ci in webapp/static/js-src)";
  }
  if (JSDOM) {
    const window = new JSDOM("<!doctype html><body></body>").window;
    const parseHTML = (html) => new window.DOMParser().parseFromString(html, "text/html");
    for (const [name, html] of Object.entries(input.paste)) {
      out.paste[name] = api.pasteToMarkdown(html, parseHTML);
    }
  }
}
process.stdout.write(JSON.stringify(out));
