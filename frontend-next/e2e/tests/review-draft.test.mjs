// A review that never loses work: the draft is kept in the browser as it is edited and comes
// back after a reload and after signing in again; leaving with unsent edits (a reload, or a link
// inside the app) asks first; undo and redo step by step; stages and modules fold; the decision
// panel stays in view; removing a stage asks first and puts focus on its neighbour.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { BASE, apiToken, createTask, launchBrowser, registerInBrowser, uniqueEmail, waitForTask, withShot } from "./helpers.mjs";

let browser;
let context;
let page;
let account;
const errors = [];
const state = {};

before(async () => {
  browser = await launchBrowser();
  // a page of its own: this file handles the "leave the page?" dialog itself
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on("pageerror", (error) => errors.push(error.message));
  account = await registerInBrowser(page, uniqueEmail("drafter"));
  const token = await apiToken(account);
  state.taskId = await createTask(token, "Learn Kotlin for Android apps");
  await waitForTask(token, state.taskId, "awaiting_review");
  state.reviewUrl = `${BASE}/tasks/${state.taskId}/review`;
});
after(async () => {
  await browser?.close();
});

const concepts = () => page.locator("[data-testid=tree-editor] li[data-concept-id]");
const titleOf = (index) => concepts().nth(index).locator("input").first();
const focused = () => page.evaluate(() => ({ handle: document.activeElement?.hasAttribute("data-handle"), row: document.activeElement?.closest("[data-path-key]")?.getAttribute("data-path-key") }));

describe("a review that never loses work", { concurrency: false }, () => {
  test("the draft survives a reload", async () => {
    await withShot(page, "draft-reload", async () => {
      await page.goto(state.reviewUrl);
      await titleOf(0).fill("Kept across reloads");
      await page.getByRole("button", { name: /^\+ Add concept to/ }).first().click();
      await page.locator('li[data-concept-id="concept-new-1"]').waitFor();
      // saved as it is edited (debounced): wait until the browser holds it
      await page.waitForFunction(() => Object.entries(window.localStorage).some(([k, v]) => k.startsWith("waymark:review-draft:") && v.includes("Kept across reloads") && v.includes("concept-new-1")));
      page.once("dialog", (dialog) => dialog.accept()); // the reload asks first: unsent edits
      await page.reload();
      await page.getByTestId("draft-restored").waitFor();
      assert.equal(await titleOf(0).inputValue(), "Kept across reloads");
      assert.equal(await page.locator('li[data-concept-id="concept-new-1"]').count(), 1);
    });
  });

  test("the draft survives an expired session: sign in again and it is there", async () => {
    await withShot(page, "draft-expired", async () => {
      await context.clearCookies();
      page.once("dialog", (dialog) => dialog.accept());
      await page.goto(`${BASE}/dashboard`);
      await page.waitForURL(/\/login/);
      await page.getByLabel("Email").fill(account.email);
      await page.getByLabel("Password").fill(account.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((url) => !url.pathname.startsWith("/login"));
      await page.goto(state.reviewUrl);
      await page.getByTestId("draft-restored").waitFor();
      assert.equal(await titleOf(0).inputValue(), "Kept across reloads");
      assert.equal(await page.locator('li[data-concept-id="concept-new-1"]').count(), 1);
    });
  });

  test("leaving with unsent edits asks first", async () => {
    await withShot(page, "draft-leave", async () => {
      await titleOf(1).click();
      await page.keyboard.type(" (edited)");
      const asked = new Promise((resolve) => page.once("dialog", async (dialog) => {
        resolve(dialog.type());
        await dialog.dismiss(); // stay
      }));
      await page.goto(`${BASE}/dashboard`).catch(() => undefined); // the dismissed dialog cancels it
      assert.equal(await asked, "beforeunload");
      assert.match(page.url(), /\/review$/, "staying keeps the page");

      // a link inside the app does not unload the page: it asks as well
      const nav = page.getByRole("navigation", { name: "Main" });
      const answered = (accept) => new Promise((resolve) => page.once("dialog", async (dialog) => {
        resolve({ type: dialog.type(), message: dialog.message() });
        await (accept ? dialog.accept() : dialog.dismiss());
      }));
      const question = answered(false);
      await nav.getByRole("link", { name: "Dashboard" }).click();
      const stayed = await question;
      assert.equal(stayed.type, "confirm");
      assert.match(stayed.message, /Leave the review\?/);
      assert.match(page.url(), /\/review$/, "staying keeps the page");
      assert.match(await titleOf(1).inputValue(), / \(edited\)$/, "and the edit");
      // leave by the link (accepting), then come back: the draft is restored
      const leaveAndReturn = async () => {
        const left = answered(true);
        await nav.getByRole("link", { name: "Dashboard" }).click();
        await left;
        await page.waitForURL(/\/dashboard$/);
        await page.goto(state.reviewUrl);
        await page.getByTestId("draft-restored").waitFor();
      };
      await leaveAndReturn();
      assert.match(await titleOf(1).inputValue(), / \(edited\)$/, "the draft is still there for the tests that follow");

      // an edit made just before leaving (before its save was due) is kept too
      await titleOf(1).click();
      await page.keyboard.press("End");
      await page.keyboard.type(" twice");
      await leaveAndReturn();
      assert.match(await titleOf(1).inputValue(), / \(edited\) twice$/, "the last edit before leaving is kept");
    });
  });

  test("undo and redo step by step, by keyboard and buttons", async () => {
    await withShot(page, "draft-undo", async () => {
      const before = await titleOf(2).inputValue();
      await titleOf(2).click();
      await page.keyboard.press("End");
      await page.keyboard.type("XYZ");
      assert.equal(await titleOf(2).inputValue(), `${before}XYZ`);
      const undoKey = process.platform === "darwin" ? "Meta+z" : "Control+z";
      await page.keyboard.press(undoKey);
      await page.waitForFunction((value) => document.querySelectorAll("[data-testid=tree-editor] li[data-concept-id]")[2].querySelector("input").value === value, before);
      await page.keyboard.press(`${undoKey.split("+")[0]}+Shift+z`);
      await page.waitForFunction((value) => document.querySelectorAll("[data-testid=tree-editor] li[data-concept-id]")[2].querySelector("input").value === value, `${before}XYZ`);
      const count = await concepts().count();
      await page.getByRole("button", { name: /^Remove concept/ }).last().click();
      await page.waitForFunction((n) => document.querySelectorAll("[data-testid=tree-editor] li[data-concept-id]").length === n - 1, count);
      const focus = await focused();
      assert.ok(focus.handle && focus.row?.includes(".c"), `focus moves to a neighbouring concept: ${JSON.stringify(focus)}`);
      await page.getByRole("button", { name: "Undo", exact: true }).click();
      await page.waitForFunction((n) => document.querySelectorAll("[data-testid=tree-editor] li[data-concept-id]").length === n, count);
      await page.getByRole("button", { name: "Redo", exact: true }).click();
      await page.waitForFunction((n) => document.querySelectorAll("[data-testid=tree-editor] li[data-concept-id]").length === n - 1, count);
      await page.getByRole("button", { name: "Undo", exact: true }).click();
    });
  });

  test("stages and modules fold; the decision panel stays in view", async () => {
    await withShot(page, "draft-fold", async () => {
      const all = await concepts().count();
      const fold = page.getByRole("button", { name: /^Collapse stage/ }).first();
      await fold.click();
      assert.equal(await page.getByRole("button", { name: /^Expand stage/ }).first().getAttribute("aria-expanded"), "false");
      await page.waitForFunction((n) => document.querySelectorAll("[data-testid=tree-editor] li[data-concept-id]").length < n, all);
      await page.getByRole("button", { name: /^Expand stage/ }).first().click();
      await page.waitForFunction((n) => document.querySelectorAll("[data-testid=tree-editor] li[data-concept-id]").length === n, all);
      await page.getByRole("button", { name: /^Collapse module/ }).first().click();
      await page.getByTestId("folded").waitFor();
      await page.getByRole("button", { name: /^Expand module/ }).first().click();

      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await page.waitForFunction(() => window.scrollY > 300);
      const save = page.getByRole("button", { name: "Save my edit and generate content" });
      const box = await save.boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= 900, `the decision stays in view after scrolling: ${JSON.stringify(box)}`);
    });
  });

  test("removing a stage asks first and moves focus to its neighbour", async () => {
    await withShot(page, "draft-remove-stage", async () => {
      const stages = () => page.locator("[data-testid=tree-editor] > ol > li");
      assert.equal(await stages().count(), 2);
      await page.getByRole("button", { name: /^Remove stage/ }).last().click();
      const dialog = page.getByRole("dialog");
      await dialog.getByRole("button", { name: "Keep it" }).click();
      assert.equal(await stages().count(), 2, "keeping it keeps it");
      await page.getByRole("button", { name: /^Remove stage/ }).last().click();
      await page.getByRole("dialog").getByRole("button", { name: "Remove stage" }).click();
      await page.waitForFunction(() => document.querySelectorAll("[data-testid=tree-editor] > ol > li").length === 1);
      await page.waitForFunction(() => document.activeElement?.hasAttribute("data-handle") && document.activeElement.closest("[data-path-key]")?.getAttribute("data-path-key") === "s0");
      assert.deepEqual(errors, []);
    });
  });
});
