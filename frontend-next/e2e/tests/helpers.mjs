// Shared set-up of the browser tests: the browser, accounts, the simulator's knobs, screenshots.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

export const BASE = process.env.E2E_BASE_URL;
export const API = process.env.E2E_API_URL;
export const SIM = process.env.E2E_SIM_URL;
const SHOTS = process.env.E2E_SCREENSHOTS;

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
  });
}

/** A page that fails the test on any script dialog (an XSS would open one), uncaught error or CSP violation. */
export async function newPage(browser, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const problems = [];
  page.on("dialog", async (dialog) => {
    problems.push(`unexpected ${dialog.type()} dialog: ${dialog.message()}`);
    await dialog.dismiss();
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  // Chromium reports what the Content-Security-Policy blocked as console errors
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) problems.push(`CSP violation: ${message.text()}`);
  });
  return { context, page, problems };
}

let counter = 0;
export function uniqueEmail(name) {
  counter += 1;
  return `${name}-${process.pid}-${counter}@example.com`;
}

export async function registerInBrowser(page, email, password = "correct horse battery") {
  await page.goto(`${BASE}/register`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL("**/new");
  return { email, password };
}

/** A bearer token straight from the API, for checks outside the browser (the UI never shows one). */
export async function apiToken({ email, password }) {
  const response = await fetch(`${API}/api/v1/auth/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email, password }) });
  assert.equal(response.status, 200);
  return (await response.json()).access_token;
}

export async function simConfig(config) {
  const response = await fetch(`${SIM}/_sim/config`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(config) });
  assert.ok(response.ok, `simulator config refused: ${response.status}`);
}

/** Every event id of a task's stream, read from the API's SSE route from the first event to the end. */
export async function streamIds(taskId, token) {
  const response = await fetch(`${API}/api/v1/tasks/${taskId}/events`, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(60_000) });
  const text = await response.text(); // the stream ends after the terminal event
  return [...text.matchAll(/^id: (.+)$/gm)].map((match) => match[1].trim());
}

/** Screenshots for docs/screenshots, at desktop width and 375 px, light and dark, when the run asks for them. */
export async function screenshot(page, name) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  const size = page.viewportSize();
  for (const scheme of ["light", "dark"]) {
    const suffix = scheme === "dark" ? "-dark" : "";
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
    await page.setViewportSize(size);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, `${name}-desktop${suffix}.png`), fullPage: true });
    await page.setViewportSize({ width: 375, height: 812 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, `${name}-375${suffix}.png`), fullPage: true });
  }
  await page.setViewportSize(size);
  await page.emulateMedia({ colorScheme: "light", reducedMotion: null });
}

/** The page fits a 375 px screen: nothing scrolls sideways. */
export async function assertFitsNarrowScreen(page) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 375, height: 812 });
  await page.waitForTimeout(200);
  const { overflow, culprits } = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const culprits = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)} (${Math.round(el.getBoundingClientRect().right)}px)`);
    return { overflow: document.documentElement.scrollWidth - width, culprits };
  });
  await page.setViewportSize(size);
  assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px at 375 px: ${culprits.join("; ")}`);
}

export async function timelineIds(page) {
  return page.locator("[data-testid=timeline] [data-event-id]").evaluateAll((items) => items.map((item) => item.getAttribute("data-event-id")));
}

/** Start a roadmap task through the API (faster than the wizard where the wizard is not under test). */
export async function createTask(token, goal, preferences = {}) {
  const response = await fetch(`${API}/api/v1/tasks`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify({ goal, preferences: { level: "beginner", weekly_hours: 6, ...preferences } }),
  });
  const body = await response.text();
  assert.equal(response.status, 202, `task refused: ${body}`);
  return JSON.parse(body).task_id;
}

export async function getTask(token, taskId) {
  const response = await fetch(`${API}/api/v1/tasks/${taskId}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200);
  return response.json();
}

/** Poll the API until the task reaches one of `statuses` (a deadline, never a fixed sleep). */
export async function waitForTask(token, taskId, statuses, timeoutMs = 180_000) {
  const wanted = new Set([statuses].flat());
  const deadline = Date.now() + timeoutMs;
  let task;
  while (Date.now() < deadline) {
    task = await getTask(token, taskId);
    if (wanted.has(task.status)) return task;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`task ${taskId} did not reach ${[...wanted]} (last: ${task?.status})`);
}

export async function review(token, taskId, body) {
  const response = await fetch(`${API}/api/v1/tasks/${taskId}/review`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const answer = await response.text();
  assert.equal(response.status, 202, `review refused: ${answer}`);
}

/** Every map node's state, by concept id. */
export async function mapStates(page, scope = "") {
  return page.locator(`${scope} [data-testid=roadmap-map] [data-map-concept]`).evaluateAll((nodes) => Object.fromEntries(nodes.map((n) => [n.getAttribute("data-map-concept"), n.getAttribute("data-state")])));
}

/** Run `body`; a failure leaves a screenshot in the artifacts. */
export async function withShot(page, name, body) {
  try {
    await body();
  } catch (error) {
    await page.screenshot({ path: `${process.env.E2E_ARTIFACTS ?? "/tmp"}/failed-${name}.png`, fullPage: true }).catch(() => undefined);
    throw error;
  }
}

const AXE = readFileSync(new URL("../../node_modules/axe-core/axe.min.js", import.meta.url), "utf8");

/**
 * An axe-core audit of the page as it is now (axe injected into the page): no serious or
 * critical violation. With `dark`, the page is audited again in the dark theme.
 */
export async function assertAccessible(page, name, { dark = false } = {}) {
  const audit = async (scheme) => {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
    if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.addScriptTag({ content: AXE });
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ["violations"] });
      return result.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
    });
    assert.deepEqual(violations, [], `axe on ${name} (${scheme})`);
  };
  await audit("light");
  if (dark) await audit("dark");
  await page.emulateMedia({ colorScheme: "light", reducedMotion: null });
}
