// Never miss a review: the tab's title carries a badge while a review waits, the dashboard shows
// a banner, opt-in browser notifications say when a task needs the learner or finishes, and
// page titles name the page.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { BASE, apiToken, createTask, launchBrowser, newPage, registerInBrowser, uniqueEmail, waitForTask, withShot } from "./helpers.mjs";

let browser;
let learner;
const state = {};

before(async () => {
  browser = await launchBrowser();
  learner = await newPage(browser);
  await learner.context.grantPermissions(["notifications"], { origin: BASE });
  // watch the real Notification constructor: record each one the page shows
  await learner.context.addInitScript(() => {
    const Real = window.Notification;
    window.__notifications = [];
    window.Notification = class extends Real {
      constructor(title, options) {
        super(title, options);
        window.__notifications.push({ title, body: options?.body ?? "" });
      }
    };
    // headless Chromium keeps every tab visible: a flag in this tab's session storage stands in
    // for the learner switching to another tab
    Object.defineProperty(Document.prototype, "visibilityState", {
      configurable: true,
      get: () => (window.sessionStorage.getItem("e2e:tab-hidden") ? "hidden" : "visible"),
    });
  });
  learner.account = await registerInBrowser(learner.page, uniqueEmail("watcher"));
  learner.token = await apiToken(learner.account);
});
after(async () => {
  await browser?.close();
});

const notifications = (page) => page.evaluate(() => window.__notifications);

describe("never miss a review", { concurrency: false }, () => {
  test("a waiting review: badge in the title, a banner, a notification", async () => {
    const { page } = learner;
    await withShot(page, "attention-review", async () => {
      await page.goto(`${BASE}/dashboard`);
      assert.equal(await page.title(), "Dashboard · Waymark", "the page's title names the page");
      await page.getByTestId("notify-toggle").click();
      await page.getByRole("button", { name: "Notifications on" }).waitFor();
      await page.waitForFunction(() => document.title === "Dashboard · Waymark");
      state.taskId = await createTask(learner.token, "Learn Zig for systems work");
      await waitForTask(learner.token, state.taskId, "awaiting_review");
      await page.waitForFunction(() => document.title === "(1) Review waiting · Dashboard · Waymark", null, { timeout: 60_000 });
      const banner = page.getByTestId("review-banner");
      await banner.waitFor();
      assert.match(await banner.innerText(), /A roadmap waits for your review/);
      await page.waitForFunction(() => window.__notifications.some((n) => n.title === "Review waiting"), null, { timeout: 30_000 });
      assert.match((await notifications(page)).find((n) => n.title === "Review waiting").body, /Learn Zig for systems work/);

      await banner.getByRole("link", { name: /Review “Learn Zig/ }).click();
      await page.waitForURL(/\/review$/);
      await page.waitForFunction(() => document.title.startsWith("(1) Review waiting · Review: Learn Zig for systems work"));
    });
  });

  test("after the decision the badge goes; finishing notifies a learner in another tab; the cockpit's title names the task", async () => {
    const { page } = learner;
    await withShot(page, "attention-finish", async () => {
      // the learner watching this task's own page sees its finish there: only a hidden tab is told
      await page.evaluate(() => window.sessionStorage.setItem("e2e:tab-hidden", "1"));
      await page.getByRole("button", { name: "Approve and generate content" }).click();
      await page.waitForURL(new RegExp(`/tasks/${state.taskId}$`));
      await page.waitForFunction(() => !document.title.includes("Review waiting"), null, { timeout: 60_000 });
      await page.waitForFunction(() => document.title === "Learn Zig for systems work · Task · Waymark");
      await waitForTask(learner.token, state.taskId, ["completed", "partial_failure"]);
      await page.waitForFunction(() => window.__notifications.some((n) => n.title === "Roadmap ready"), null, { timeout: 30_000 });
      await page.evaluate(() => window.sessionStorage.removeItem("e2e:tab-hidden"));
      await page.getByRole("link", { name: "Open the roadmap" }).click();
      await page.waitForURL(/\/roadmaps\//);
      const concept = await page.getByTestId("concept-title").innerText();
      await page.waitForFunction((title) => document.title.startsWith(`${title} · `) && document.title.endsWith(" · Waymark"), concept);
      assert.deepEqual(learner.problems, []);
    });
  });
});
