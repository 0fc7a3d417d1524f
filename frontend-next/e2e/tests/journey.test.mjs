// The learner's whole journey in a real browser against the real stack, then the checks that
// need a finished roadmap: another user's URL, a reload mid-generation. The API going away is
// checked last of all, in api-down.test.mjs.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import {
  API,
  BASE,
  apiToken,
  assertAccessible,
  assertFitsNarrowScreen,
  launchBrowser,
  newPage,
  registerInBrowser,
  screenshot,
  simConfig,
  streamIds,
  timelineIds,
  uniqueEmail,
} from "./helpers.mjs";

const HOSTILE_TITLE = `Ownership <script>alert("xss")</script> [click me](javascript:alert(1))`;
const VERSIONS_ROUTE = readFileSync(new URL("../../src/api/openapi.json", import.meta.url), "utf8").includes("/versions/{content_type}");

let browser;
let learner; // { page, context, problems, account }
const journey = {}; // ids found along the way

before(async () => {
  browser = await launchBrowser();
  learner = await newPage(browser);
});
after(async () => {
  await browser?.close();
});

// The tests walk one journey: once a step fails, the later ones would only wait for their timeouts.
let broken = null;

async function step(page, name, body) {
  if (broken) throw new Error(`not run: the earlier step "${broken}" failed`);
  try {
    await body();
  } catch (error) {
    broken = name;
    await page.screenshot({ path: `${process.env.E2E_ARTIFACTS}/failed-${name}.png`, fullPage: true }).catch(() => undefined);
    throw error;
  }
}

async function wizard(page, goal, { weeklyHours = "6", skipReview = false } = {}) {
  await page.goto(`${BASE}/new`);
  await page.getByLabel("What do you want to learn?").fill(goal);
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Hours per week").fill(weeklyHours);
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Next" }).click();
  if (skipReview) await page.getByLabel(/Skip my review/).check();
  await page.getByRole("button", { name: "Next" }).click(); // the summary, with the estimate
  await page.getByTestId("wizard-estimate").waitFor();
  await screenshot(page, "new-roadmap");
  // a double click must still create one task (same Idempotency-Key)
  await page.getByRole("button", { name: "Create roadmap" }).dblclick();
  await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
  return page.url().split("/").pop();
}

describe("the learner's journey", { concurrency: false }, () => {
  test("register, then create a roadmap with the wizard", async () => {
    const { page } = learner;
    await step(page, "register", async () => {
      await page.goto(`${BASE}/login`);
      await screenshot(page, "login");
      await page.goto(`${BASE}/register`);
      await screenshot(page, "register");
      learner.account = await registerInBrowser(page, uniqueEmail("learner"));
      assert.equal(await page.evaluate(() => document.cookie), "", "the session cookie must not be readable by scripts");
      journey.taskId = await wizard(page, "Learn Rust for embedded work");
      const token = await apiToken(learner.account);
      const tasks = await (await fetch(`${API}/api/v1/tasks`, { headers: { Authorization: `Bearer ${token}` } })).json();
      assert.equal(tasks.total, 1, "a double click created more than one task");
    });
  });

  test("watch the cockpit until the proposal waits for review", async () => {
    const { page } = learner;
    await step(page, "cockpit", async () => {
      await page.locator("[data-testid=task-status][data-status=awaiting_review]").waitFor({ timeout: 120_000 });
      await page.locator("[data-testid=pipeline-map][data-current=review]").waitFor();
      assert.ok((await timelineIds(page)).length >= 5, "the timeline shows the workflow's events");
      const html = await page.content();
      assert.ok(!/eyJ[\w-]+\.eyJ[\w-]+\./.test(html), "no token in the page");
      await screenshot(page, "cockpit-review");
      await assertFitsNarrowScreen(page);
    });
  });

  test("reject with feedback: a second proposal comes back, the feedback stays visible", async () => {
    const { page } = learner;
    await step(page, "reject", async () => {
      await page.getByRole("link", { name: "Review the proposal" }).click();
      await page.waitForURL(/\/review$/);
      await page.getByLabel("Feedback for a new proposal").fill("More hands-on projects, please");
      await page.getByRole("button", { name: "Reject with feedback" }).click();
      await page.waitForURL(new RegExp(`/tasks/${journey.taskId}$`));
      await page.getByTestId("rounds-review").filter({ hasText: "×2" }).waitFor({ timeout: 120_000 });
      await page.locator("[data-testid=task-status][data-status=awaiting_review]").waitFor();
      assert.match(await page.getByTestId("rounds-revise").innerText(), /×1/, "the revision round is counted");
    });
  });

  test("rename a concept and add one at review, then save the edit", async () => {
    const { page } = learner;
    await step(page, "review", async () => {
      await page.getByRole("link", { name: "Review the proposal" }).click();
      await page.waitForURL(/\/review$/);
      assert.match(await page.getByTestId("review-history").innerText(), /More hands-on projects, please/);
      const first = page.locator("[data-testid=tree-editor] li[data-concept-id]").first();
      journey.renamedId = await first.getAttribute("data-concept-id");
      await first.locator("input").first().fill(HOSTILE_TITLE);
      await page.getByRole("button", { name: /^\+ Add concept to/ }).first().click();
      const added = page.locator('li[data-concept-id="concept-new-1"]');
      await added.locator("input").first().fill("Embedded debugging");
      const summary = page.getByTestId("diff-summary");
      await summary.locator("[data-kind=added]").waitFor();
      await summary.locator("[data-kind=changed]").first().waitFor();
      assert.match(await page.getByTestId("estimate-concepts").innerText(), /8 → 9/);
      // hours, difficulty and a prerequisite (only earlier concepts are offered)
      await page.getByRole("button", { name: "Details of Embedded debugging" }).click();
      await added.getByLabel("Hours").fill("2");
      await added.getByLabel("Difficulty").selectOption("hard");
      await added.getByRole("checkbox").first().check();
      assert.equal(await added.getByRole("checkbox").count(), 2, "the two concepts before it, no later ones");
      // keyboard reorder: Alt+Down on the new concept's handle and back again
      await added.locator("[data-handle]").focus();
      await page.keyboard.press("Alt+ArrowUp");
      await page.keyboard.press("Alt+ArrowDown");
      // drag the second concept onto the first: they swap places
      const concepts = page.locator("[data-testid=tree-editor] li[data-concept-id]");
      const secondId = await concepts.nth(1).getAttribute("data-concept-id");
      await concepts.nth(1).locator("div[draggable=true]").first().dragTo(concepts.nth(0));
      const moved = concepts.nth(0);
      assert.equal(await moved.getAttribute("data-concept-id"), secondId, "dragging reorders");
      await summary.getByText(/reordered/).first().waitFor();
      // it now comes before its prerequisite: the issue shows on that node and blocks saving
      await moved.locator("[data-code=prerequisite_not_earlier]").waitFor();
      assert.ok(await page.getByRole("button", { name: "Save my edit and generate content" }).isDisabled());
      await moved.getByRole("button", { name: /^Details of/ }).click();
      await moved.getByLabel(/not earlier: untick to fix/).click(); // the row goes away once unticked
      await moved.locator("[data-code=prerequisite_not_earlier]").waitFor({ state: "detached" });
      await screenshot(page, "review");
      await assertFitsNarrowScreen(page);
      await page.getByRole("button", { name: "Save my edit and generate content" }).click();
      await page.waitForURL(new RegExp(`/tasks/${journey.taskId}$`));
    });
  });

  test("content appears on the board until the task completes", async () => {
    const { page } = learner;
    await step(page, "board", async () => {
      await page.locator("[data-testid=task-status][data-status=completed]").waitFor({ timeout: 240_000 });
      const row = page.locator('[data-testid=content-board] tr[data-concept-id="concept-new-1"]');
      await row.locator("td[data-state=completed]").nth(2).waitFor();
      await page.locator("[data-testid=pipeline-map][data-current=done]").waitFor();
      await screenshot(page, "cockpit-done");
      await assertFitsNarrowScreen(page);
    });
  });

  test("open a concept: hostile text is inert, code and diagrams render", async () => {
    const { page, problems } = learner;
    await step(page, "concept", async () => {
      await page.getByRole("link", { name: "Open the roadmap" }).click();
      await page.waitForURL(/\/roadmaps\/[0-9a-f-]{36}/);
      journey.roadmapUrl = page.url().split("?")[0];
      await page.locator(`nav[aria-label=Concepts] a[data-concept-id="${journey.renamedId}"]:visible`).click();
      // client-side navigation: the previous concept's title shows until the new one has rendered
      const title = page.getByTestId("concept-title").filter({ hasText: "Ownership" });
      await title.waitFor();
      assert.equal(await title.innerText(), HOSTILE_TITLE, "the hostile title shows as text");
      const tutorial = page.locator(".prose-tutorial");
      await tutorial.locator("pre, .shiki").first().waitFor();
      await page.getByTestId("mermaid-diagram").waitFor({ timeout: 60_000 });
      assert.equal(await page.locator("main script").count(), 0, "no script element from content");
      assert.equal(await page.locator('a[href^="javascript:" i], a[href^="data:" i]').count(), 0, "no unsafe link");
      assert.ok((await tutorial.innerText()).includes("<script>"), "the <script> from the title shows as code text");
      await screenshot(page, "roadmap");
      await assertFitsNarrowScreen(page);
      await page.getByRole("tab", { name: "Resources" }).click();
      const domains = await page.getByTestId("resource-domain").allInnerTexts();
      assert.ok(domains.length >= 4 && domains.every((d) => d.endsWith(".example")), `resource domains: ${domains}`);
      for (const link of await page.locator("[data-testid=resource-cards] a").all()) {
        assert.equal(await link.getAttribute("rel"), "noopener noreferrer nofollow");
      }
      assert.deepEqual(problems, []);
    });
  });

  test("answer the quiz and see the grade; mark the concept complete", async () => {
    const { page } = learner;
    await step(page, "quiz", async () => {
      await page.getByRole("tab", { name: "Quiz" }).click();
      const questions = page.locator("fieldset[data-question]");
      await questions.first().waitFor();
      for (const question of await questions.all()) {
        const boxes = question.locator("input[type=checkbox]");
        if ((await boxes.count()) > 0) {
          await boxes.nth(0).check();
          await boxes.nth(2).check();
        } else {
          await question.locator("input[type=radio]").first().check();
        }
      }
      await page.getByRole("button", { name: "Check my answers" }).click();
      const score = page.getByTestId("quiz-score");
      await score.waitFor();
      assert.match(await score.innerText(), /Score: 5 \/ 5/);
      assert.equal(await page.getByTestId("question-result").count(), 5, "an explanation per question");
      await page.getByRole("button", { name: "Try again" }).click();
      await page.getByRole("button", { name: "Check my answers" }).waitFor();

      await page.getByTestId("complete-toggle").click();
      await page.getByRole("button", { name: "✓ Completed (undo)" }).waitFor();
      await page.getByTestId("overall-progress").filter({ hasText: "1 of 9" }).waitFor();
      await page.getByTestId("pace-plan").waitFor();
    });
  });

  test("regenerate with instructions and see version 2; the completion mark survives", async () => {
    const { page } = learner;
    await step(page, "regenerate", async () => {
      await page.getByRole("button", { name: "Regenerate…" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Instructions (optional)").fill("More examples, please");
      await dialog.getByRole("button", { name: "Regenerate" }).click();
      await page.getByTestId("regeneration-notice").waitFor();
      await page.getByRole("tab", { name: "Tutorial" }).click();
      await page.getByTestId("tutorial-version").filter({ hasText: "Version 2" }).waitFor({ timeout: 120_000 });
      await page.getByTestId("regeneration-notice").waitFor({ state: "detached", timeout: 120_000 });
      await page.getByRole("button", { name: "✓ Completed (undo)" }).waitFor();
      if (VERSIONS_ROUTE) {
        await page.getByRole("tab", { name: "Versions" }).click();
        await page.getByTestId("version-compare").waitFor();
      }
    });
  });

  test("export Markdown, share, and open the link logged out", async () => {
    const { page } = learner;
    await step(page, "share", async () => {
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-markdown").click()]);
      const markdown = readFileSync(await download.path(), "utf8");
      assert.match(markdown, /^# .*Rust/m, "the export is the roadmap in Markdown");
      await page.getByRole("button", { name: "Share…" }).click();
      const link = await page.getByTestId("share-link").getAttribute("href");
      const stranger = await newPage(browser);
      await stranger.page.goto(link);
      await stranger.page.getByTestId("shared-roadmap").waitFor();
      await assertAccessible(stranger.page, "the shared roadmap", { dark: true });
      assert.match(await stranger.page.locator("h1").first().innerText(), /Rust/);
      await screenshot(stranger.page, "shared");
      await assertFitsNarrowScreen(stranger.page);
      assert.deepEqual(stranger.problems, []);
      await page.getByRole("button", { name: "Revoke share link" }).click();
      await page.getByRole("button", { name: "Share…" }).waitFor();
      await stranger.page.reload();
      assert.match(await stranger.page.getByTestId("error-state").innerText(), /Not found/);
      await stranger.context.close();
      await page.goto(`${BASE}/dashboard`);
      await page.getByTestId("roadmap-row").first().waitFor();
      await screenshot(page, "dashboard");
      await assertFitsNarrowScreen(page);
    });
  });

  test("another user's task URL shows not found", async () => {
    const other = await newPage(browser);
    await step(other.page, "not-found", async () => {
      await registerInBrowser(other.page, uniqueEmail("other"));
      await other.page.goto(`${BASE}/tasks/${journey.taskId}`);
      const error = other.page.getByTestId("error-state");
      await error.waitFor();
      assert.match(await error.innerText(), /Not found/);
      await other.page.goto(journey.roadmapUrl);
      assert.match(await other.page.getByTestId("error-state").innerText(), /Not found/);
    });
    await other.context.close();
  });

  test("an expired or forged session goes back to the login page with a message", async () => {
    const visitor = await newPage(browser);
    await step(visitor.page, "expired", async () => {
      await visitor.page.goto(`${BASE}/dashboard`);
      await visitor.page.waitForURL(/\/login/);
      // a token the API refuses (bad signature) while its exp still lies ahead
      const claims = Buffer.from(JSON.stringify({ sub: "nobody", exp: Math.floor(Date.now() / 1000) + 3600 })).toString("base64url");
      await visitor.context.addCookies([{ name: "waymark_session", value: `eyJhbGciOiJIUzI1NiJ9.${claims}.bad`, url: BASE, httpOnly: true, sameSite: "Lax" }]);
      await visitor.page.goto(`${BASE}/dashboard`);
      await visitor.page.waitForURL(/\/login\?reason=expired/);
      assert.match(await visitor.page.getByTestId("login-reason").innerText(), /session has expired/);
    });
    await visitor.context.close();
  });

  test("reloading the cockpit mid-generation shows the same timeline, no gaps, no duplicates", async () => {
    const { page } = learner;
    await step(page, "reload", async () => {
      await simConfig({ latency_ms: 1500 });
      const taskId = await wizard(page, "Learn Go for web services", { skipReview: true });
      await page.locator("[data-testid=timeline] [data-type=concept]").first().waitFor({ timeout: 120_000 });
      assert.equal(await page.getByTestId("task-status").getAttribute("data-status"), "running");
      const before = await timelineIds(page);
      await page.reload();
      // the persisted log may arrive out of order and first; wait until the stream has caught up
      await page.waitForFunction(
        (ids) => {
          const shown = new Set([...document.querySelectorAll("[data-testid=timeline] [data-event-id]")].map((item) => item.getAttribute("data-event-id")));
          return ids.every((id) => shown.has(id));
        },
        before,
      );
      const afterReload = await timelineIds(page);
      assert.equal(new Set(afterReload).size, afterReload.length, "no duplicates after the reload");
      assert.deepEqual(afterReload.slice(0, before.length), before, "the same timeline after the reload");
      await simConfig({ latency_ms: 20 });
      await page.locator("[data-testid=task-status][data-status=completed]").waitFor({ timeout: 240_000 });
      const final = await timelineIds(page);
      assert.deepEqual(final, await streamIds(taskId, await apiToken(learner.account)), "every event of the stream, once, in order");
    });
  });

  test("cancel a running task, then retry it and see how it recovers", async () => {
    const { page } = learner;
    await step(page, "cancel-retry", async () => {
      await simConfig({ latency_ms: 1500 });
      await wizard(page, "Learn SQL for analytics");
      await page.locator("[data-testid=task-status][data-status=running]").waitFor({ timeout: 60_000 });
      assert.equal(await page.getByRole("button", { name: "Retry" }).count(), 0, "no retry while running");
      await page.getByRole("button", { name: "Cancel task" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Cancel task" }).click();
      await page.locator("[data-testid=task-status][data-status=cancelled]").waitFor();
      assert.equal(await page.getByRole("button", { name: "Cancel task" }).count(), 0, "no cancel once cancelled");
      await page.getByRole("button", { name: "Retry" }).click();
      assert.match(await page.getByTestId("retry-outcome").innerText(), /resume_from_checkpoint/);
      await page.locator("[data-testid=task-status]:not([data-status=cancelled])").waitFor();
      await simConfig({ latency_ms: 20 });
      await page.locator("[data-testid=task-status][data-status=awaiting_review]").waitFor({ timeout: 120_000 });
    });
  });

  test("delete a roadmap: it leaves the dashboard and its URL is not found", async () => {
    const { page } = learner;
    await step(page, "delete", async () => {
      await page.goto(journey.roadmapUrl);
      const title = await page.getByTestId("roadmap-title").innerText();
      await page.getByRole("button", { name: "Delete…" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Move to the trash" }).click();
      await page.waitForURL(/\/dashboard$/);
      await page.getByTestId("roadmap-row").first().waitFor();
      assert.ok(!(await page.getByTestId("roadmap-row").allInnerTexts()).some((row) => row.includes(title)));
      await page.goto(journey.roadmapUrl);
      assert.match(await page.getByTestId("error-state").innerText(), /Not found/);
      const violations = learner.problems.filter((problem) => problem.startsWith("CSP violation"));
      assert.deepEqual(violations, [], "no page of the journey broke the Content-Security-Policy");
    });
  });
});
