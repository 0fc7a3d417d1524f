// The learning flow: "Complete and go to next" (focus lands on the new concept), a copy button
// on code, the whole roadmap in a print view, one h1 per page; the dashboard names tasks as a
// learner would (never a concept id), with relative times and pages past 50; the wizard ends
// with a summary and the estimate.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { API, BASE, apiToken, assertAccessible, screenshot, createTask, launchBrowser, newPage, registerInBrowser, uniqueEmail, waitForTask, withShot } from "./helpers.mjs";

let browser;
let learner;
const state = {};

before(async () => {
  browser = await launchBrowser();
  learner = await newPage(browser);
  await learner.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: BASE });
  learner.account = await registerInBrowser(learner.page, uniqueEmail("reader"));
  learner.token = await apiToken(learner.account);
  const taskId = await createTask(learner.token, "Learn Julia for numerics", { skip_review: true });
  const task = await waitForTask(learner.token, taskId, ["completed", "partial_failure"]);
  state.roadmapId = task.roadmap_id;
  const roadmap = await (await fetch(`${API}/api/v1/roadmaps/${state.roadmapId}`, { headers: { Authorization: `Bearer ${learner.token}` } })).json();
  state.concepts = roadmap.concepts;
});
after(async () => {
  await browser?.close();
});

const h1Count = (page) => page.locator("h1").count();

describe("the learning flow", { concurrency: false }, () => {
  test("complete and go to next: the next concept opens and takes focus", async () => {
    const { page } = learner;
    await withShot(page, "learn-next", async () => {
      const [first, second] = state.concepts;
      await page.goto(`${BASE}/roadmaps/${state.roadmapId}?concept=${first.concept_id}`);
      await page.getByTestId("concept-title").filter({ hasText: first.title }).waitFor();
      assert.equal(await h1Count(page), 1, "one h1 on the learning view");
      await page.getByTestId("roadmap-map").locator("[data-map-concept]").first().waitFor();
      await assertAccessible(page, "the learning view", { dark: true });
      await page.getByTestId("complete-next").click();
      await page.waitForURL(new RegExp(`concept=${second.concept_id}`));
      await page.getByTestId("concept-title").filter({ hasText: second.title }).waitFor();
      await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "concept-title");
      await page.locator(`nav[aria-label=Concepts] a[data-concept-id="${first.concept_id}"]:visible`).filter({ hasText: "(completed)" }).waitFor();
      await page.getByTestId("overall-progress").filter({ hasText: "1 of 8" }).waitFor();
    });
  });

  test("a code block copies its code", async () => {
    const { page } = learner;
    await withShot(page, "learn-copy", async () => {
      const block = page.locator(".prose-tutorial [data-code-block]").first();
      await block.waitFor();
      const code = await block.locator("pre, .shiki").first().innerText();
      await block.getByTestId("copy-code").click();
      await block.getByTestId("copy-code").filter({ hasText: "Copied" }).waitFor();
      assert.equal((await page.evaluate(() => navigator.clipboard.readText())).trim(), code.trim());
    });
  });

  test("print / PDF shows the whole roadmap", async () => {
    const { page } = learner;
    await withShot(page, "learn-print", async () => {
      await page.evaluate(() => (window.print = () => (window.__printed = true))); // headless has no print dialog to wait on
      await page.getByTestId("print-roadmap").click();
      await page.waitForURL(/\/print/);
      await page.getByTestId("print-view").waitFor();
      assert.equal(await page.getByTestId("print-concept").count(), state.concepts.length, "every concept is in the print view");
      for (const concept of await page.getByTestId("print-concept").all()) assert.ok((await concept.innerText()).length > 200, "each with its tutorial");
      assert.equal(await h1Count(page), 1);
      await assertAccessible(page, "the print view");
      await screenshot(page, "print");
      await page.emulateMedia({ media: "print" });
      assert.equal(await page.getByRole("button", { name: "Print / save as PDF" }).isVisible(), false, "the controls stay off paper");
      assert.equal(await page.locator("header[data-app-header]").isVisible(), false);
      await page.emulateMedia({ media: "screen" });
    });
  });

  test("the dashboard: human task titles, relative times, pages past 50", async () => {
    const { page } = learner;
    await withShot(page, "learn-dashboard", async () => {
      const concept = state.concepts[2];
      const regenerate = await fetch(`${API}/api/v1/roadmaps/${state.roadmapId}/concepts/${concept.concept_id}/regenerate`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${learner.token}` },
        body: JSON.stringify({ content_types: ["quiz"] }),
      });
      assert.equal(regenerate.status, 202);
      await waitForTask(learner.token, (await regenerate.json()).task_id, ["completed", "partial_failure"]);
      await page.goto(`${BASE}/dashboard`);
      const titles = page.getByTestId("task-title");
      await titles.filter({ hasText: `Regenerate the quiz of “${concept.title}”` }).waitFor();
      for (const text of await titles.allInnerTexts()) assert.ok(!text.includes(concept.concept_id), `no concept id in a task title: ${text}`);
      assert.match(await page.getByTestId("task-row").first().locator("time").innerText(), /ago|just now/);
      await assertAccessible(page, "the dashboard", { dark: true });
      assert.equal(await h1Count(page), 1);

      // 50 more tasks, each cancelled at once: the list pages past 50
      for (let i = 0; i < 50; i += 1) {
        const id = await createTask(learner.token, `Paging goal ${i + 1}`);
        const cancelled = await fetch(`${API}/api/v1/tasks/${id}/cancel`, { method: "POST", headers: { Authorization: `Bearer ${learner.token}` } });
        assert.equal(cancelled.status, 202);
      }
      await page.reload();
      const pager = page.locator('[data-testid=pager][aria-label="Pages of tasks"]');
      await pager.waitFor();
      assert.match(await pager.innerText(), /1–50 of 52/);
      assert.equal(await page.getByTestId("task-row").count(), 50);
      await pager.getByRole("button", { name: "Older →" }).click();
      await pager.filter({ hasText: "51–52 of 52" }).waitFor();
      await page.waitForFunction(() => document.querySelectorAll("[data-testid=task-row]").length === 2);
      assert.match(await page.getByTestId("task-row").last().innerText(), /Learn Julia for numerics/, "the oldest task is on the last page");
    });
  });

  test("the wizard ends with a summary and the estimate; each step takes focus", async () => {
    const { page } = learner;
    await withShot(page, "learn-wizard", async () => {
      await page.goto(`${BASE}/new`);
      await page.getByLabel("What do you want to learn?").fill("Learn Prolog for puzzles");
      await page.getByRole("button", { name: "Next" }).click();
      await page.waitForFunction(() => document.activeElement?.id === "weekly_hours", null, { timeout: 5_000 });
      for (let i = 0; i < 3; i += 1) await page.getByRole("button", { name: "Next" }).click();
      const summary = page.getByTestId("wizard-summary");
      await summary.waitFor();
      await page.waitForFunction(() => document.activeElement?.hasAttribute("data-step-focus"));
      assert.match(await summary.innerText(), /Learn Prolog for puzzles/);
      assert.match(await page.getByTestId("wizard-estimate").innerText(), /about 120 calls/);
      assert.ok(await page.getByRole("button", { name: "Create roadmap" }).isVisible());
      await assertAccessible(page, "the wizard's summary", { dark: true });
      assert.equal(await h1Count(page), 1);
      assert.deepEqual(learner.problems, []);
    });
  });
});
