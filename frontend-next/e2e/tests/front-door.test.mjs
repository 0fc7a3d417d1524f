// The front door: a signed-out visitor to / sees what Waymark does — a sample roadmap as a map
// (static, drawn on the server, no API call), the cockpit and the learning view — and how to
// start. The auth pages and the front door pass an accessibility audit, light and dark.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { BASE, assertAccessible, launchBrowser, screenshot, newPage, registerInBrowser, uniqueEmail, withShot } from "./helpers.mjs";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test("a signed-out visitor sees what Waymark does, from the server, without an API call", async () => {
  const html = await (await fetch(`${BASE}/`, { redirect: "manual" })).text();
  assert.match(html, /data-testid="static-map"/, "the sample map is in the server's HTML");
  assert.match(html, /Create an account/);

  const visitor = await newPage(browser);
  const { page } = visitor;
  await withShot(page, "front-door", async () => {
    const apiCalls = [];
    page.on("request", (request) => request.url().includes("/api/") && apiCalls.push(request.url()));
    await page.goto(`${BASE}/`);
    await page.getByTestId("front-door").waitFor();
    assert.equal(await page.locator("h1").count(), 1);
    assert.equal(await page.locator("[data-testid=static-map] [data-state]").count(), 9, "the sample's nine concepts");
    assert.ok((await page.locator("[data-testid=static-map] [data-state=tested_out]").count()) === 1, "every state shows, tested out too");
    assert.deepEqual(apiCalls, [], "the front door calls no API");
    await page.getByRole("heading", { name: /The cockpit/ }).waitFor();
    await page.getByRole("heading", { name: /The learning view/ }).waitFor();
    await assertAccessible(page, "the front door", { dark: true });
    await screenshot(page, "front-door");
    await page.getByRole("link", { name: "Create an account" }).first().click();
    await page.waitForURL(/\/register$/);
    await assertAccessible(page, "register", { dark: true });
    await page.goto(`${BASE}/login`);
    await assertAccessible(page, "login", { dark: true });
    assert.deepEqual(visitor.problems, []);
  });
  await visitor.context.close();
});

test("a signed-in visitor to / goes to the dashboard", async () => {
  const member = await newPage(browser);
  await withShot(member.page, "front-door-member", async () => {
    await registerInBrowser(member.page, uniqueEmail("member"));
    await member.page.goto(`${BASE}/`);
    await member.page.waitForURL(/\/dashboard$/);
  });
  await member.context.close();
});
