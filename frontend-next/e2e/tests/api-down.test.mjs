// With the API stopped, pages show an error state, not a blank page. It stops the stack, so
// e2e/run.mjs runs this file after every other one.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { API, BASE, apiToken, createTask, launchBrowser, newPage, registerInBrowser, uniqueEmail, withShot } from "./helpers.mjs";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test("with the API stopped, pages show an error state, not a blank page", async () => {
  const { page } = await newPage(browser);
  await withShot(page, "api-down", async () => {
    const account = await registerInBrowser(page, uniqueEmail("offline"));
    const taskId = await createTask(await apiToken(account), "Learn Lua for game scripting");
    process.kill(-Number(process.env.E2E_STACK_PID), "SIGTERM");
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      try {
        await fetch(`${API}/health`, { signal: AbortSignal.timeout(1_000) });
      } catch {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await page.goto(`${BASE}/dashboard`);
    const error = page.getByTestId("error-state").first();
    await error.waitFor({ timeout: 60_000 });
    assert.match(await error.innerText(), /unreachable/i);
    assert.ok(await page.getByRole("link", { name: "Waymark" }).isVisible(), "the page keeps its frame");
    await page.goto(`${BASE}/tasks/${taskId}`);
    await page.getByTestId("error-state").first().waitFor({ timeout: 60_000 });
    // signing out needs the API to end the session: the failure is shown, the page stays
    await page.getByRole("button", { name: "Sign out" }).click();
    assert.match(await page.getByTestId("sign-out-error").innerText(), /Sign-out failed: .*not reachable/);
    assert.match(page.url(), new RegExp(`/tasks/${taskId}$`));
  });
});
