#!/usr/bin/env node
// End-to-end run: the real stack on free ports with a temporary state directory, the built
// UI, then the browser tests (node:test + playwright-core driving Debian's Chromium).
// Everything started here is stopped again, on success, failure or Ctrl-C.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, launch, ok, tail, tempDir, waitFor } from "./stack.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const web = path.resolve(here, "..");
const repo = path.resolve(web, "..");
const artifacts = path.join(here, "artifacts");
const screenshots = process.argv.includes("--screenshots");
// `node e2e/run.mjs [--screenshots] [tests/x.test.mjs …]`: only these files (default: all of e2e/tests)
const only = process.argv.slice(2).filter((arg) => !arg.startsWith("--")).map((file) => path.resolve(here, file));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function check(condition, message) {
  if (!condition) {
    console.error(`e2e: ${message}`);
    process.exit(2);
  }
}
check(existsSync(CHROMIUM), `${CHROMIUM} not found: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
check(existsSync(path.join(repo, ".venv/bin/waymark")), "../.venv is missing: run ./scripts/bootstrap.sh first");
check(existsSync(path.join(web, ".next/BUILD_ID")), "no production build: run `npm run build` first");

rmSync(artifacts, { recursive: true, force: true });
mkdirSync(artifacts, { recursive: true });
const state = tempDir("waymark-e2e-");
const [apiPort, flowerPort, llmPort, searchPort, webPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
const apiUrl = `http://127.0.0.1:${apiPort}`;
const simUrl = `http://127.0.0.1:${llmPort}`;
const baseUrl = `http://127.0.0.1:${webPort}`;
const started = Date.now();
const processes = [];

async function teardown() {
  for (const proc of processes.reverse()) await proc.stop();
  rmSync(state, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => teardown().finally(() => process.exit(130)));
}

let code = 1;
try {
  console.log(`e2e: starting the stack (API ${apiUrl}, UI ${baseUrl}, state ${state})`);
  const stack = launch("stack", path.join(repo, ".venv/bin/waymark"), ["dev"], {
    cwd: repo,
    logDir: artifacts,
    env: {
      WAYMARK_ENV: "dev",
      WAYMARK_STATE_DIR: path.join(state, "waymark"),
      PORT: String(apiPort),
      FLOWER_PORT: String(flowerPort),
      WAYMARK_SIM_LLM_PORT: String(llmPort),
      WAYMARK_SIM_SEARCH_PORT: String(searchPort),
      WAYMARK_DEV_WEB: "0", // this runner serves the UI itself, so it can outlive the API
      WAYMARK_API__TASK_CREATE_PER_MINUTE: "200", // the dashboard's pagination test makes 52 tasks at once
      // a small roadmap keeps the journey short: 2 stages × 2 modules × 2 concepts
      WAYMARK_SIM_CONFIG: JSON.stringify({ stages: 2, modules: 2, concepts: 2, latency_ms: 20 }),
      // embedded PostgreSQL and Redis, and the simulators, whatever this shell has set
      DATABASE_URL: null,
      REDIS_URL: null,
      OPENAI_API_KEY: null,
      TAVILY_API_KEY: null,
      OPENAI_BASE_URL: null,
      TAVILY_BASE_URL: null,
    },
  });
  processes.push(stack);
  await waitFor("the API to be ready", () => ok(`${apiUrl}/health/ready`), { process: stack, timeoutMs: 300_000 });
  await waitFor("every queue to have a worker", () => ok(`${apiUrl}/health/celery`), { process: stack, timeoutMs: 300_000 });

  const ui = launch("web", process.execPath, [path.join(web, "node_modules/next/dist/bin/next"), "start", "-p", String(webPort), "-H", "127.0.0.1"], {
    cwd: web,
    logDir: artifacts,
    // local development (docs/web.md, Security): plain http, so no __Host- cookie and no HSTS
    env: { WAYMARK_API_URL: apiUrl, WAYMARK_ENV: "dev", NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  processes.push(ui);
  await waitFor("the web UI", () => ok(`${baseUrl}/login`), { process: ui, timeoutMs: 60_000 });
  console.log(`e2e: stack ready in ${Math.round((Date.now() - started) / 1000)} s; running the browser tests`);

  const testStart = Date.now();
  // one file after another, the journey first; api-down.test.mjs stops the stack, so it goes last
  const files = readdirSync(path.join(here, "tests")).filter((name) => name.endsWith(".test.mjs"));
  const order = (name) => (name === "journey.test.mjs" ? 0 : name === "api-down.test.mjs" ? 2 : 1);
  files.sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const onlyNames = process.env.E2E_ONLY ? new Set(process.env.E2E_ONLY.split(",")) : null;
  const selected = only.length
    ? only
    : files.filter((name) => !onlyNames || onlyNames.has(name)).map((name) => path.join(here, "tests", name));
  console.log(`e2e: ${selected.length} test files: ${selected.map((file) => path.basename(file)).join(", ")}`);
  // node --test orders the files it is given by itself: run one file at a time, in this order
  const failed = [];
  for (const file of selected) {
    const tests = spawn(process.execPath, ["--test", "--test-reporter=spec", file], {
      cwd: web,
      stdio: "inherit",
      env: {
        ...process.env,
        E2E_BASE_URL: baseUrl,
        E2E_API_URL: apiUrl,
        E2E_SIM_URL: simUrl,
        E2E_STACK_PID: String(stack.pid),
        E2E_ARTIFACTS: artifacts,
        E2E_SCREENSHOTS: screenshots ? path.join(repo, "docs/screenshots") : "",
        CHROMIUM_PATH: CHROMIUM,
      },
    });
    const exitCode = await new Promise((resolve) => tests.on("exit", (value) => resolve(value ?? 1)));
    if (exitCode !== 0) failed.push(path.basename(file));
  }
  code = failed.length ? 1 : 0;
  if (failed.length) console.error(`e2e: failing files: ${failed.join(", ")}`);
  console.log(`e2e: browser tests ${code === 0 ? "passed" : "FAILED"} in ${Math.round((Date.now() - testStart) / 1000)} s (whole run ${Math.round((Date.now() - started) / 1000)} s)`);
} catch (error) {
  console.error(`e2e: ${error.message}`);
} finally {
  if (code !== 0) {
    for (const name of ["stack", "web"]) console.error(`--- last lines of ${name}.log ---\n${tail(path.join(artifacts, `${name}.log`))}`);
  }
  await teardown();
}
process.exit(code);
