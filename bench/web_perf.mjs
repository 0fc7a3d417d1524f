#!/usr/bin/env node
// How the web UI feels on a big roadmap (150 concepts: the API's limit), in Chromium against the
// production build served locally and the real stack with the simulators:
//   - time until the review workbench and the learning view are usable (navigation start → the
//     tree's 150 rows and the decision button / the concept's text and the 150-link navigator);
//   - input delay and interaction latency of edits in the tree (typing a title, reordering) and
//     of the map (arrow keys between nodes, the zoom buttons), p50 / p95.
// Input delay = handler start − event time; latency = the next frame after the handler − event
// time (what the learner waits to see). Targets: usable ≤ 1.5 s, input delay p95 ≤ 100 ms.
// Usage: node bench/web_perf.mjs [--runs 5] [--json]   (after `cd frontend-next && npm run build`)
// It starts the stack itself (like e2e/run.mjs); or point it at one: WEB_PERF_BASE, WEB_PERF_API,
// WEB_PERF_SIM.
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const web = path.join(repo, "frontend-next");
const { chromium } = createRequire(path.join(web, "package.json"))("playwright-core");
const { freePort, launch, ok, tempDir, waitFor } = await import(path.join(web, "e2e/stack.mjs"));

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf("--runs") + 1] || 5);
const SHAPE = { stages: 5, modules: 6, concepts: 5 }; // 150 concepts
const processes = [];

async function startStack() {
  if (process.env.WEB_PERF_BASE) return { base: process.env.WEB_PERF_BASE, api: process.env.WEB_PERF_API, sim: process.env.WEB_PERF_SIM };
  if (!existsSync(path.join(web, ".next/BUILD_ID"))) throw new Error("no production build: run `npm run build` in frontend-next first");
  const state = tempDir("waymark-web-perf-");
  const logDir = path.join(state, "logs");
  mkdirSync(logDir);
  const [apiPort, flowerPort, llmPort, searchPort, webPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const stack = launch("stack", path.join(repo, ".venv/bin/waymark"), ["dev"], {
    cwd: repo,
    logDir,
    env: {
      WAYMARK_ENV: "dev",
      WAYMARK_STATE_DIR: path.join(state, "waymark"),
      PORT: String(apiPort),
      FLOWER_PORT: String(flowerPort),
      WAYMARK_SIM_LLM_PORT: String(llmPort),
      WAYMARK_SIM_SEARCH_PORT: String(searchPort),
      WAYMARK_DEV_WEB: "0",
      WAYMARK_SIM_CONFIG: JSON.stringify({ ...SHAPE, latency_ms: 5 }),
      DATABASE_URL: null,
      REDIS_URL: null,
      OPENAI_API_KEY: null,
      TAVILY_API_KEY: null,
      OPENAI_BASE_URL: null,
      TAVILY_BASE_URL: null,
    },
  });
  processes.push(stack);
  const api = `http://127.0.0.1:${apiPort}`;
  await waitFor("the API", () => ok(`${api}/health/ready`), { process: stack, timeoutMs: 300_000 });
  await waitFor("the workers", () => ok(`${api}/health/celery`), { process: stack, timeoutMs: 180_000 });
  const ui = launch("web", process.execPath, [path.join(web, "node_modules/next/dist/bin/next"), "start", "-p", String(webPort), "-H", "127.0.0.1"], {
    cwd: web,
    logDir,
    env: { WAYMARK_API_URL: api, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  processes.push(ui);
  const base = `http://127.0.0.1:${webPort}`;
  await waitFor("the web UI", () => ok(`${base}/login`), { process: ui, timeoutMs: 60_000 });
  return { base, api, sim: `http://127.0.0.1:${llmPort}` };
}

async function json(url, { token, method = "GET", body } = {}) {
  const response = await fetch(url, {
    method,
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

async function waitForStatus(api, token, taskId, statuses, timeoutMs = 600_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const task = await json(`${api}/api/v1/tasks/${taskId}`, { token });
    if (statuses.includes(task.status)) return task;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`task ${taskId} did not reach ${statuses}`);
}

const percentile = (values, p) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const round = (value) => Math.round(value);

/** Record input delay and latency of every keydown and click from now on. */
async function instrument(page) {
  await page.evaluate(() => {
    window.__inputs = [];
    const note = (event) => {
      const start = performance.now();
      const entry = { type: event.type, delay: start - event.timeStamp, latency: null };
      window.__inputs.push(entry);
      requestAnimationFrame(() => setTimeout(() => (entry.latency = performance.now() - event.timeStamp), 0));
    };
    window.addEventListener("keydown", note, { capture: true });
    window.addEventListener("click", note, { capture: true });
  });
}
async function collect(page) {
  await page.waitForFunction(() => window.__inputs.every((entry) => entry.latency !== null));
  return page.evaluate(() => window.__inputs);
}
function summarise(entries) {
  const delays = entries.map((e) => e.delay);
  const latencies = entries.map((e) => e.latency);
  return { n: entries.length, delay_p50: round(percentile(delays, 50)), delay_p95: round(percentile(delays, 95)), latency_p50: round(percentile(latencies, 50)), latency_p95: round(percentile(latencies, 95)) };
}

/** Navigate and time, from navigation start, until `usable` holds in the page. */
async function timeUntilUsable(page, url, usable) {
  await page.goto(url, { waitUntil: "commit" });
  const handle = await page.waitForFunction(usable, null, { timeout: 60_000, polling: "raf" });
  return round(await handle.evaluate((ok) => (ok ? performance.now() : NaN)));
}

const REVIEW_USABLE = () =>
  document.querySelectorAll("[data-testid=tree-editor] li[data-concept-id]").length === 150 &&
  [...document.querySelectorAll("[data-testid=decision-panel] button")].some((b) => /Approve|Save my edit/.test(b.textContent) && !b.disabled);
const LEARN_USABLE = () =>
  document.querySelector("[data-testid=concept-title]") !== null &&
  (document.querySelector(".prose-tutorial")?.textContent.length ?? 0) > 50 &&
  document.querySelectorAll("nav[aria-label=Concepts] a[data-concept-id]").length >= 150;
const MAP_DRAWN = () => document.querySelectorAll("[data-testid=roadmap-map] [data-map-concept]").length >= 150;

async function main() {
  const { base, api, sim } = await startStack();
  await json(`${sim}/_sim/config`, { method: "POST", body: { ...SHAPE, latency_ms: 5 } });
  const email = `perf-${Date.now()}@example.com`;
  const password = "correct horse battery";
  await json(`${api}/api/v1/auth/register`, { method: "POST", body: { email, password } });
  const { access_token: token } = await json(`${api}/api/v1/auth/login`, { method: "POST", body: { email, password } });
  const { task_id: taskId } = await json(`${api}/api/v1/tasks`, { token, method: "POST", body: { goal: "Learn Scala for data engineering", preferences: { weekly_hours: 10 } } });
  const waiting = await waitForStatus(api, token, taskId, ["awaiting_review", "failed"]);
  const concepts = waiting.review.framework.stages.flatMap((s) => s.modules.flatMap((m) => m.concepts)).length;
  if (concepts !== 150) throw new Error(`expected 150 concepts, the proposal has ${concepts}`);

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/dashboard");

  const result = { concepts, runs: RUNS, review_usable_ms: [], learn_usable_ms: [], learn_map_drawn_ms: [] };
  for (let i = 0; i < RUNS; i += 1) result.review_usable_ms.push(await timeUntilUsable(page, `${base}/tasks/${taskId}/review`, REVIEW_USABLE));

  // edits in the tree: type into a title (every key re-validates and diffs 150 concepts), reorder by buttons
  await instrument(page);
  const title = page.locator("[data-testid=tree-editor] li[data-concept-id]").nth(75).locator("input").first();
  await title.click();
  await page.keyboard.press("End");
  await page.keyboard.type(" — renamed while measuring", { delay: 60 });
  for (let i = 0; i < 8; i += 1) {
    await page.locator("[data-testid=tree-editor] li[data-concept-id]").nth(20 + i).getByRole("button", { name: /^Move concept .* down$/ }).click();
  }
  const treeInputs = await collect(page);
  result.tree_typing = summarise(treeInputs.filter((e) => e.type === "keydown"));
  result.tree_reorder = summarise(treeInputs.filter((e) => e.type === "click").slice(1)); // the first click only focused the title

  // the map: arrow keys from node to node (the map pans to off-screen ones), the zoom buttons
  await page.getByRole("button", { name: "Undo all changes" }).click();
  await page.waitForFunction(MAP_DRAWN);
  await instrument(page);
  await page.locator("[data-testid=roadmap-map] button[data-map-concept]").first().focus();
  for (let i = 0; i < 40; i += 1) {
    await page.keyboard.press("ArrowRight");
    await page.waitForTimeout(40);
  }
  for (const name of ["Zoom In", "Zoom In", "Zoom Out", "Zoom Out", "Zoom In", "Zoom Out"]) {
    await page.getByRole("button", { name }).first().click();
    await page.waitForTimeout(60);
  }
  const mapInputs = await collect(page);
  result.map_keys = summarise(mapInputs.filter((e) => e.type === "keydown"));
  result.map_zoom = summarise(mapInputs.filter((e) => e.type === "click"));

  // approve, let the 450 content items finish, then the learning view
  page.once("dialog", (dialog) => dialog.accept());
  await json(`${api}/api/v1/tasks/${taskId}/review`, { token, method: "POST", body: { decision: "approve" } });
  const done = await waitForStatus(api, token, taskId, ["completed", "partial_failure", "failed"], 900_000);
  const roadmap = await json(`${api}/api/v1/roadmaps/${done.roadmap_id}`, { token });
  const middle = roadmap.concepts[75].concept_id;
  for (let i = 0; i < RUNS; i += 1) {
    result.learn_usable_ms.push(await timeUntilUsable(page, `${base}/roadmaps/${done.roadmap_id}?concept=${middle}`, LEARN_USABLE));
    await page.waitForFunction(MAP_DRAWN, null, { timeout: 60_000 });
    result.learn_map_drawn_ms.push(round(await page.evaluate(() => performance.now())));
  }
  await browser.close();

  const median = (values) => percentile(values, 50);
  result.summary = {
    review_usable_ms: { median: median(result.review_usable_ms), max: Math.max(...result.review_usable_ms) },
    learn_usable_ms: { median: median(result.learn_usable_ms), max: Math.max(...result.learn_usable_ms) },
    learn_map_drawn_ms: { median: median(result.learn_map_drawn_ms), max: Math.max(...result.learn_map_drawn_ms) },
  };
  if (args.includes("--json")) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(`web_perf: ${concepts} concepts, ${RUNS} runs per page (production build, Chromium)`);
    console.log("| measure | median / p50 | max / p95 | target |");
    console.log("|---|---:|---:|---|");
    console.log(`| review workbench usable | ${result.summary.review_usable_ms.median} ms | ${result.summary.review_usable_ms.max} ms | ≤ 1500 ms |`);
    console.log(`| learning view usable | ${result.summary.learn_usable_ms.median} ms | ${result.summary.learn_usable_ms.max} ms | ≤ 1500 ms |`);
    console.log(`| learning view: map drawn | ${result.summary.learn_map_drawn_ms.median} ms | ${result.summary.learn_map_drawn_ms.max} ms | — |`);
    for (const [name, label] of [["tree_typing", "tree: typing a title"], ["tree_reorder", "tree: reorder (move down)"], ["map_keys", "map: arrow key to next node"], ["map_zoom", "map: zoom buttons"]]) {
      const s = result[name];
      console.log(`| ${label}: input delay (n=${s.n}) | ${s.delay_p50} ms | ${s.delay_p95} ms | p95 ≤ 100 ms |`);
      console.log(`| ${label}: latency to next frame | ${s.latency_p50} ms | ${s.latency_p95} ms | — |`);
    }
  }
  const failures = [];
  if (result.summary.review_usable_ms.median > 1500) failures.push("review workbench usable > 1.5 s");
  if (result.summary.learn_usable_ms.median > 1500) failures.push("learning view usable > 1.5 s");
  for (const name of ["tree_typing", "tree_reorder", "map_keys", "map_zoom"]) if (result[name].delay_p95 > 100) failures.push(`${name} input delay p95 > 100 ms`);
  for (const failure of failures) console.error(`over target: ${failure}`);
  return failures.length ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(`web_perf: ${error.stack ?? error.message}`);
} finally {
  for (const proc of processes.reverse()) await proc.stop();
}
process.exit(code);
