// The cockpit follows: the timeline keeps the newest event in view (and lets the learner scroll
// back), relative times and step durations, a filter by kind (the spend ratio is checked in
// map.test.mjs on a reviewed task: one that skips review has no estimate); the content board shows every
// column at 1280 and 375 px, grouped by stage and module, and retries one failed cell.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { BASE, apiToken, assertAccessible, createTask, launchBrowser, newPage, registerInBrowser, simConfig, uniqueEmail, withShot } from "./helpers.mjs";

let browser;
let learner;
const state = {};

before(async () => {
  browser = await launchBrowser();
  learner = await newPage(browser);
  learner.account = await registerInBrowser(learner.page, uniqueEmail("cockpit"));
  learner.token = await apiToken(learner.account);
});
after(async () => {
  await simConfig({ latency_ms: 20, fault_script: [], fault_roles: [] });
  await browser?.close();
});

/** Is the element's box inside the visible part of its scrolling container? */
function inView(element) {
  const box = element.getBoundingClientRect();
  const list = element.closest("[data-testid=timeline]").getBoundingClientRect();
  return box.top >= list.top - 1 && box.bottom <= list.bottom + 1;
}

/** Nothing scrolls sideways: the page, nor the board inside it; every column header shows whole. */
async function boardFits(page, width) {
  await page.setViewportSize({ width, height: 900 });
  await page.waitForFunction((w) => window.innerWidth === w, width);
  return page.evaluate(() => {
    const board = document.querySelector("[data-testid=content-board]");
    const viewport = document.documentElement.clientWidth;
    const headers = [...board.querySelectorAll("thead th")].map((th) => {
      const box = th.getBoundingClientRect();
      return { name: th.textContent.trim(), left: box.left, right: box.right, clipped: th.scrollWidth > th.clientWidth + 1 };
    });
    return {
      pageOverflow: document.documentElement.scrollWidth - viewport,
      boardOverflow: board.scrollWidth - board.parentElement.clientWidth,
      hidden: headers.filter((h) => h.left < 0 || h.right > viewport || h.clipped).map((h) => h.name),
      columns: headers.map((h) => h.name),
    };
  });
}

describe("the cockpit follows", { concurrency: false }, () => {
  test("the timeline follows the newest event; scrolling up stops it until 'Jump to latest'", async () => {
    const { page } = learner;
    await withShot(page, "cockpit-follow", async () => {
      // one quiz fails (a refused request is not retried), the rest slow enough to watch
      await simConfig({ latency_ms: 800, fault_script: ["400"], fault_roles: ["quiz"] });
      state.taskId = await createTask(learner.token, "Learn Haskell for parsers", { skip_review: true });
      await page.goto(`${BASE}/tasks/${state.taskId}`);
      const timeline = page.getByTestId("timeline");
      await timeline.locator("[data-type=concept]").nth(1).waitFor({ timeout: 120_000 });
      await page.waitForFunction(() => {
        const list = document.querySelector("[data-testid=timeline]");
        return list.scrollHeight > list.clientHeight;
      });
      // scrolled up: new events arrive, the view stays where the learner put it
      await timeline.evaluate((list) => list.scrollTo({ top: 0 }));
      await page.getByTestId("jump-to-latest").waitFor();
      const count = await timeline.locator("li").count();
      await page.waitForFunction((n) => document.querySelectorAll("[data-testid=timeline] li").length > n + 2, count);
      assert.equal(await timeline.evaluate((list) => list.scrollTop), 0, "the timeline did not jump while the learner reads");
      assert.match(await page.getByTestId("jump-to-latest").innerText(), /Jump to latest \(\d+ new\)/);
      await page.getByTestId("jump-to-latest").click();
      await page.getByTestId("jump-to-latest").waitFor({ state: "detached" });
      await page.locator("[data-testid=task-status][data-status=partial_failure]").waitFor({ timeout: 240_000 });
      await page.waitForFunction(() => [...document.querySelectorAll("[data-testid=timeline] li")].at(-1)?.getAttribute("data-type") === "completed");
      assert.ok(await timeline.locator("li").last().evaluate(inView), "the newest event is in view at completion");
      await assertAccessible(page, "the cockpit, finished", { dark: true });
    });
  });

  test("relative times, step durations and a filter by kind", async () => {
    const { page } = learner;
    await withShot(page, "cockpit-filter", async () => {
      const timeline = page.getByTestId("timeline");
      assert.match(await timeline.locator("time").first().innerText(), /ago|just now/);
      // the live region holds the step's name only: a screen reader hears steps, not progress ticks
      const announcer = page.getByTestId("step-announcer");
      assert.equal(await announcer.getAttribute("aria-live"), "polite");
      assert.doesNotMatch(await announcer.innerText(), /\d+%/);
      assert.equal(await page.getByTestId("current-step").getAttribute("aria-live"), null);
      assert.ok((await page.getByTestId("step-duration").count()) >= 2, "finished steps show how long they took");
      assert.match(await page.getByTestId("step-duration").first().innerText(), /took \d/);
      const filter = page.getByTestId("timeline-filter");
      await filter.getByRole("button", { name: "Usage" }).click();
      await page.waitForFunction(() => [...document.querySelectorAll("[data-testid=timeline] li")].every((li) => li.dataset.type === "usage"));
      assert.ok((await timeline.locator("li").count()) > 0);
      await filter.getByRole("button", { name: "Errors" }).click();
      await page.waitForFunction(() => document.querySelectorAll("[data-testid=timeline] li").length > 0 && [...document.querySelectorAll("[data-testid=timeline] li")].every((li) => li.dataset.type !== "usage"));
      assert.match(await timeline.innerText(), /quiz failed/);
      await filter.getByRole("button", { name: "All" }).click();
      await page.waitForFunction(() => document.querySelectorAll("[data-testid=timeline] [data-type=usage]").length > 0);
    });
  });

  test("the board shows every column at 1280 and 375 px, grouped by stage and module", async () => {
    const { page } = learner;
    await withShot(page, "cockpit-board", async () => {
      for (const width of [1280, 375]) {
        const fit = await boardFits(page, width);
        assert.deepEqual(fit.columns, ["Concept", "tutorial", "resources", "quiz"]);
        assert.deepEqual(fit.hidden, [], `columns cut off at ${width} px`);
        assert.ok(fit.pageOverflow <= 0, `the page scrolls sideways by ${fit.pageOverflow}px at ${width} px`);
        assert.ok(fit.boardOverflow <= 0, `the board scrolls sideways by ${fit.boardOverflow}px at ${width} px`);
      }
      await page.setViewportSize({ width: 1280, height: 900 });
      const board = page.getByTestId("content-board");
      assert.equal(await board.locator("tbody[data-stage-id]").count(), 2, "one group per stage");
      assert.equal(await board.locator("th[scope=colgroup]").count(), 2 + 4, "stage and module headings");
    });
  });

  test("retry a single failed cell: it generates again and completes", async () => {
    const { page } = learner;
    await withShot(page, "cockpit-retry", async () => {
      const failed = page.locator("[data-testid=content-board] td[data-state=failed]");
      assert.equal(await failed.count(), 1, "the one refused quiz failed");
      const row = failed.locator("xpath=..");
      const conceptId = await row.getAttribute("data-concept-id");
      await failed.getByRole("button", { name: /^Retry the quiz of/ }).click();
      const cell = page.locator(`[data-testid=content-board] tr[data-concept-id="${conceptId}"] td[data-type=quiz]`);
      await page.locator(`[data-testid=content-board] tr[data-concept-id="${conceptId}"] td[data-type=quiz][data-state=completed]`).waitFor({ timeout: 120_000 });
      assert.equal(await cell.getAttribute("data-state"), "completed");
      assert.equal(await page.locator("[data-testid=content-board] td[data-state=failed]").count(), 0);
      assert.deepEqual(learner.problems, []);
    });
  });
});
