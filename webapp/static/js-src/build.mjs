// Build the editor bundle: node build.mjs (npm run build). The output is committed, so
// that installing the site needs no Node; CI rebuilds it and fails on any difference.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));

await build({
  entryPoints: [path.join(here, "src/main.js")],
  outfile: path.join(here, "../js/editor.bundle.js"),
  bundle: true,
  minify: true,
  format: "iife",
  globalName: "PolicycycleEditor",
  target: ["es2020"],
  platform: "browser",
  legalComments: "eof",
  charset: "utf8",
  sourcemap: false,
  logLevel: "warning",
});
