// The roadmap map: in the cockpit (filling in live), the review (proposal and draft) and the
// learning view; keyboard moves between nodes; the list view is its accessible twin.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { BASE, apiToken, assertAccessible, launchBrowser, mapStates, newPage, registerInBrowser, simConfig, uniqueEmail, withShot } from "./helpers.mjs";

let browser;
let learner;
const state = {};

before(async () => {
  browser = await launchBrowser();
  learner = await newPage(browser);
  learner.account = await registerInBrowser(learner.page, uniqueEmail("mapper"));
  learner.token = await apiToken(learner.account);
});
after(async () => {
  await simConfig({ latency_ms: 20 });
  await browser?.close();
});

describe("the roadmap map", { concurrency: false }, () => {
  test("the cockpit and the review show the proposal as a map; a node opens its tree row", async () => {
    const { page } = learner;
    await withShot(page, "map-review", async () => {
      await page.goto(`${BASE}/new`);
      await page.getByLabel("What do you want to learn?").fill("Learn Elixir for chat servers");
      for (let i = 0; i < 4; i += 1) await page.getByRole("button", { name: "Next" }).click();
      await page.getByRole("button", { name: "Create roadmap" }).click();
      await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
      state.taskId = page.url().split("/").pop();
      await page.locator("[data-testid=task-status][data-status=awaiting_review]").waitFor({ timeout: 120_000 });
      const cockpitMap = page.getByTestId("roadmap-map");
      await cockpitMap.locator("[data-map-concept]").first().waitFor();
      const states = await mapStates(page);
      assert.equal(Object.keys(states).length, 8, "every concept of the proposal is on the map");
      assert.ok(Object.values(states).every((s) => s === "not_started"), `before content, nothing has started: ${JSON.stringify(states)}`);
      assert.ok((await page.locator(".react-flow__edge").count()) >= 7, "prerequisite edges are drawn");
      await assertAccessible(page, "the cockpit awaiting review", { dark: true });

      await page.getByRole("link", { name: "Review the proposal" }).click();
      await page.waitForURL(/\/review$/);
      await page.locator("[data-testid=roadmap-map] button[data-map-concept]").first().waitFor();
      await assertAccessible(page, "the review workbench", { dark: true });
      const node = page.locator("[data-testid=roadmap-map] button[data-map-concept]").nth(2);
      const id = await node.getAttribute("data-map-concept");
      await node.click();
      const rowInput = page.locator(`[data-testid=tree-editor] li[data-concept-id="${id}"] input`).first();
      await page.waitForFunction((el) => document.activeElement === el, await rowInput.elementHandle());

      // the draft's map follows an edit (a new concept appears, marked new); the proposal's does not
      await page.getByRole("button", { name: /^\+ Add concept to/ }).first().click();
      await page.locator('[data-testid=roadmap-map] [data-map-concept="concept-new-1"]').waitFor();
      assert.match(await page.locator('[data-testid=roadmap-map] [data-map-concept="concept-new-1"]').getAttribute("aria-label"), /new/);
      await page.getByRole("button", { name: "The proposal" }).click();
      await page.locator("[data-testid=roadmap-map] [data-map-concept]").first().waitFor();
      assert.equal(await page.locator('[data-testid=roadmap-map] [data-map-concept="concept-new-1"]').count(), 0);
    });
  });

  test("keyboard: arrow keys walk the nodes; the list view is the map's twin", async () => {
    const { page } = learner;
    await withShot(page, "map-keyboard", async () => {
      await page.getByRole("button", { name: "Your draft" }).click();
      const nodes = page.locator("[data-testid=roadmap-map] button[data-map-concept]");
      await nodes.first().waitFor();
      await nodes.first().focus();
      await page.keyboard.press("ArrowRight");
      const second = await nodes.nth(1).getAttribute("data-map-concept");
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-map-concept")), second, "→ moves to the next concept");
      await page.keyboard.press("End");
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-map-concept")), await nodes.last().getAttribute("data-map-concept"));
      // a keyboard move brings the node into the map's view (a click never pans: see the learning view's test)
      await page.waitForFunction(() => {
        const node = document.activeElement?.getBoundingClientRect();
        const view = document.querySelector("[data-testid=roadmap-map]")?.getBoundingClientRect();
        return node && view && node.left >= view.left && node.right <= view.right && node.top >= view.top && node.bottom <= view.bottom;
      });
      await page.keyboard.press("Home");
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-map-concept")), await nodes.first().getAttribute("data-map-concept"));

      const panel = page.getByTestId("map-panel").first();
      await panel.getByRole("button", { name: "List" }).click();
      const list = panel.getByTestId("roadmap-list");
      await list.waitFor();
      await assertAccessible(page, "the map's list view");
      assert.equal(await list.locator("li[data-concept-id]").count(), 9, "the list has every concept of the draft");
      await panel.getByRole("button", { name: "Map" }).click();
      await panel.getByTestId("roadmap-map").waitFor();
    });
  });

  test("the cockpit's map fills in as content arrives", async () => {
    const { page } = learner;
    await withShot(page, "map-live", async () => {
      await simConfig({ latency_ms: 400 });
      await page.getByRole("button", { name: "Undo all changes" }).click();
      await page.getByRole("button", { name: "Approve and generate content" }).click();
      await page.waitForURL(new RegExp(`/tasks/${state.taskId}$`));
      // record every state a node shows on the way
      await page.getByTestId("roadmap-map").locator("[data-map-concept]").first().waitFor();
      await page.evaluate(() => {
        window.__seenStates = new Set();
        const note = () => document.querySelectorAll("[data-testid=roadmap-map] [data-map-concept]").forEach((n) => window.__seenStates.add(n.getAttribute("data-state")));
        note();
        new MutationObserver(note).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["data-state"], childList: true });
      });
      await page.locator("[data-testid=task-status][data-status=completed]").waitFor({ timeout: 240_000 });
      await page.waitForFunction(() => [...document.querySelectorAll("[data-testid=roadmap-map] [data-map-concept]")].every((n) => n.getAttribute("data-state") === "ready"));
      const seen = await page.evaluate(() => [...window.__seenStates]);
      assert.ok(seen.includes("generating"), `nodes showed "generating" on the way: ${seen}`);
      assert.equal(await page.getByTestId("map-legend").locator("[data-state=ready]").getAttribute("data-count"), "8");
      // the cockpit's usage: spend against the estimate frozen at approval, as a ratio
      assert.match(await page.getByTestId("usage-ratio").innerText(), /\d\.\d\d× \(\$[\d.]+ of \$[\d.]+\)/);
    });
  });

  test("the learning view: the current concept is marked, a node opens its concept, completion shows", async () => {
    const { page } = learner;
    await withShot(page, "map-learn", async () => {
      await page.getByRole("link", { name: "Open the roadmap" }).click();
      await page.waitForURL(/\/roadmaps\/[0-9a-f-]{36}/);
      const map = page.getByTestId("learning-map").getByTestId("roadmap-map");
      const current = map.locator('a[aria-current="page"]');
      await current.waitFor();
      const first = await current.getAttribute("data-map-concept");
      // the view opens on the current concept without moving afterwards: click another node in sight
      const targetId = await map.evaluate((view, current) => {
        const bounds = view.getBoundingClientRect();
        const inSight = [...view.querySelectorAll("a[data-map-concept]")].filter((node) => {
          const box = node.getBoundingClientRect();
          return box.top >= bounds.top && box.bottom <= bounds.bottom && box.left >= bounds.left && box.right <= bounds.right;
        });
        return inSight.map((node) => node.getAttribute("data-map-concept")).find((id) => id !== current);
      }, first);
      assert.ok(targetId, "another concept is in sight around the current one");
      const target = map.locator(`a[data-map-concept="${targetId}"]`);
      await target.click();
      await page.waitForURL(new RegExp(`concept=${targetId}`));
      await map.locator(`a[aria-current="page"][data-map-concept="${targetId}"]`).waitFor();
      await page.getByTestId("complete-toggle").click();
      await map.locator(`[data-map-concept="${targetId}"][data-state=completed]`).waitFor();
      assert.deepEqual(learner.problems, []);
    });
  });
});
