#!/usr/bin/env node
// First-load JavaScript per main route of the web UI, measured from the production build
// (frontend-next/.next): the root main files plus every chunk the route's segments (layouts,
// error and not-found boundaries, the page) list in its client reference manifest, each
// gzipped. Lazily imported chunks (mermaid, shiki) are not first-load and are not counted.
// Usage: node bench/web_bundle.mjs [--json] [--budget-kb 250]   (after `npm run build`)
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../frontend-next");
const next = path.join(web, ".next");
const ROUTES = [
  ["/ (front door)", ""],
  ["/login", "(auth)/login"],
  ["/register", "(auth)/register"],
  ["/dashboard", "(app)/dashboard"],
  ["/new", "(app)/new"],
  ["/tasks/[id] (cockpit)", "(app)/tasks/[id]"],
  ["/tasks/[id]/review", "(app)/tasks/[id]/review"],
  ["/roadmaps/[id] (learning view)", "(app)/roadmaps/[id]"],
  ["/shared/[slug]", "(public)/shared/[slug]"],
];
// markers found only inside the libraries themselves (not in our code that lazily imports them)
const HEAVY = { mermaid: /mermaidAPI|cytoscape|katex/, shiki: /ShikiError/, "graph library": /@xyflow|dagre|elkjs/ };

const args = process.argv.slice(2);
const budgetKb = Number(args[args.indexOf("--budget-kb") + 1] || 250);
if (!existsSync(path.join(next, "BUILD_ID"))) {
  console.error("no production build: run `npm run build` in frontend-next first");
  process.exit(2);
}

const gzipCache = new Map();
function gzipBytes(file) {
  if (!gzipCache.has(file)) gzipCache.set(file, gzipSync(readFileSync(path.join(next, file))).length);
  return gzipCache.get(file);
}

function routeManifest(segment) {
  const file = path.join(next, "server/app", segment, "page_client-reference-manifest.js");
  const sandbox = { globalThis: {} };
  new Function("globalThis", readFileSync(file, "utf8"))(sandbox.globalThis);
  return Object.values(sandbox.globalThis.__RSC_MANIFEST)[0];
}

const root = JSON.parse(readFileSync(path.join(next, "build-manifest.json"), "utf8")).rootMainFiles;
const rows = ROUTES.map(([route, segment]) => {
  const manifest = routeManifest(segment);
  const files = new Set(root);
  for (const chunks of Object.values(manifest.entryJSFiles)) for (const chunk of chunks) files.add(chunk);
  const contents = [...files].map((f) => readFileSync(path.join(next, f), "utf8")).join("\n");
  const heavy = Object.entries(HEAVY).filter(([, pattern]) => pattern.test(contents)).map(([name]) => name);
  const kb = [...files].reduce((sum, f) => sum + gzipBytes(f), 0) / 1024;
  return { route, kb: Math.round(kb * 10) / 10, chunks: files.size, heavy };
});

if (args.includes("--json")) console.log(JSON.stringify(rows, null, 2));
else {
  console.log("| route | first-load JS (gzip) | chunks | heavy libraries in first load |");
  console.log("|---|---:|---:|---|");
  for (const row of rows) console.log(`| ${row.route} | ${row.kb.toFixed(1)} kB | ${row.chunks} | ${row.heavy.join(", ") || "none"} |`);
}
const over = rows.filter((row) => row.kb > budgetKb); // every route: the budget is per route
const leaked = rows.filter((row) => row.heavy.length);
for (const row of over) console.error(`over budget: ${row.route} ${row.kb} kB > ${budgetKb} kB`);
for (const row of leaked) console.error(`heavy library in first-load JS of ${row.route}: ${row.heavy.join(", ")}`);
process.exit(over.length || leaked.length ? 1 : 0);
