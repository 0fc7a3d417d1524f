// The learner's side (issue 16): the profile page (every field, technologies with a level,
// formats, about-me counter, the API's 422 next to the field it names, saved state) and the
// wizard pre-filled from it, overridable for one roadmap, its summary naming what came from
// the profile.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { API, BASE, apiToken, assertAccessible, assertFitsNarrowScreen, getTask, launchBrowser, newPage, registerInBrowser, screenshot, uniqueEmail, withShot } from "./helpers.mjs";

let browser;
let learner;

before(async () => {
  browser = await launchBrowser();
  learner = await newPage(browser);
  learner.account = await registerInBrowser(learner.page, uniqueEmail("profiled"));
  learner.token = await apiToken(learner.account);
});
after(async () => {
  await browser?.close();
});

async function savedProfile() {
  const response = await fetch(`${API}/api/v1/me/profile`, { headers: { Authorization: `Bearer ${learner.token}` } });
  assert.equal(response.status, 200);
  return response.json();
}

describe("the learner", { concurrency: false }, () => {
  test("the profile page: every field, a 422 next to its field, then saved", async () => {
    const { page } = learner;
    await withShot(page, "learner-profile", async () => {
      await page.goto(`${BASE}/dashboard`);
      await page.getByRole("banner").getByRole("link", { name: "Profile" }).click();
      await page.waitForURL("**/profile");
      await page.getByTestId("profile-state").filter({ hasText: "Not saved yet" }).waitFor();
      assert.match(await page.title(), /^Profile · Waymark$/);
      assert.equal(await page.locator("h1").count(), 1);

      await page.getByLabel("Role").fill("Backend engineer");
      await page.getByLabel("Background", { exact: true }).fill("Five years of <b>web</b> backends");
      await page.getByRole("button", { name: "Add a technology" }).click();
      // the new row takes focus
      await page.waitForFunction(() => document.activeElement?.id?.startsWith("tech-"));
      await page.keyboard.type("Python");
      await page.getByLabel("Level in technology 1").selectOption("advanced");
      await page.getByRole("button", { name: "Add a technology" }).click();
      await page.getByLabel("Technology 2", { exact: true }).fill("C");
      await page.getByRole("button", { name: "Add a technology" }).click();
      await page.getByLabel("Technology 3", { exact: true }).fill("Go");
      // removing the middle row leaves Python and Go; focus goes to the row that took its place
      await page.getByRole("button", { name: "Remove technology 2 (C)" }).click();
      assert.equal(await page.getByTestId("technology-row").count(), 2);
      await page.waitForFunction(() => document.activeElement instanceof HTMLInputElement && document.activeElement.value === "Go");

      await page.getByLabel("Primary language").fill("not a tag!");
      await page.getByLabel("Secondary language").fill("de");
      await page.getByLabel("Hours per week").fill("7.5");
      await page.getByLabel("Hands-on").check();
      await page.getByLabel("Reading").check();
      await page.getByLabel("About me").fill("I learn best by building small tools.");
      await page.getByTestId("about-me-count").filter({ hasText: "37 of 1000 characters" }).waitFor();
      await page.getByTestId("profile-state").filter({ hasText: "Unsaved changes" }).waitFor();
      await assertAccessible(page, "the profile page", { dark: true });

      // the API refuses the language tag: its message sits under that field, nothing is saved
      await page.getByRole("button", { name: "Save profile" }).click();
      const languageError = page.locator("#primary_language-error");
      await languageError.waitFor();
      assert.equal(await page.getByLabel("Primary language").getAttribute("aria-invalid"), "true");
      assert.equal((await savedProfile()).updated_at, null, "nothing saved after a 422");

      // a duplicate technology name, told on the list
      await page.getByLabel("Primary language").fill("fr");
      await page.getByLabel("Technology 2", { exact: true }).fill("python");
      await page.getByRole("button", { name: "Save profile" }).click();
      await page.locator("#technologies-error").filter({ hasText: /more than once/ }).waitFor();
      assert.equal(await languageError.count(), 0, "the corrected field's error is gone");

      await page.getByLabel("Technology 2", { exact: true }).fill("Go");
      await page.getByRole("button", { name: "Save profile" }).click();
      await page.getByTestId("profile-state").filter({ hasText: /^Saved / }).waitFor();
      const profile = await savedProfile();
      assert.deepEqual(
        { ...profile, updated_at: undefined },
        {
          background: "Five years of <b>web</b> backends",
          role: "Backend engineer",
          technologies: [
            { name: "Python", level: "advanced" },
            { name: "Go", level: "beginner" },
          ],
          primary_language: "fr",
          secondary_language: "de",
          weekly_hours: 7.5,
          preferred_formats: ["reading", "hands_on"],
          about_me: "I learn best by building small tools.",
          updated_at: undefined,
        },
      );

      // a reload shows what was saved
      await page.reload();
      await page.getByTestId("profile-state").filter({ hasText: /^Saved / }).waitFor();
      assert.equal(await page.getByLabel("Background", { exact: true }).inputValue(), "Five years of <b>web</b> backends");
      assert.equal(await page.getByTestId("technology-row").count(), 2);
      assert.ok(await page.getByLabel("Hands-on").isChecked());
      assert.equal(await page.locator("b").count(), 0, "the learner's text is never markup");
      await assertFitsNarrowScreen(page);
      await screenshot(page, "profile");
    });
  });

  test("the wizard starts from the profile, one roadmap can override it, the summary says which", async () => {
    const { page } = learner;
    await withShot(page, "learner-wizard", async () => {
      await page.goto(`${BASE}/new`);
      await page.getByLabel("What do you want to learn?").fill("Learn Elixir for web services");
      await page.getByRole("button", { name: "Next" }).click();
      assert.equal(await page.getByLabel("Hours per week").inputValue(), "7.5");
      assert.equal(await page.getByLabel("Content language").inputValue(), "fr");
      await page.getByText("Filled in from your profile").first().waitFor();
      await page.getByLabel("Hours per week").fill("3");
      await page.getByRole("button", { name: "Next" }).click();
      assert.equal(await page.getByLabel("Your background (optional)").inputValue(), "Five years of <b>web</b> backends");
      await page.getByRole("button", { name: "Next" }).click();
      await page.getByRole("button", { name: "Next" }).click();
      const summary = page.getByTestId("wizard-summary");
      await summary.waitFor();
      assert.match(await page.getByTestId("origin-weekly_hours").innerText(), /for this roadmap; your profile says 7\.5 h/);
      assert.match(await page.getByTestId("origin-language").innerText(), /from your profile/);
      assert.match(await page.getByTestId("origin-background").innerText(), /from your profile/);
      await assertAccessible(page, "the wizard pre-filled from the profile");
      await page.getByRole("button", { name: "Create roadmap" }).click();
      await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
      const task = await getTask(learner.token, page.url().split("/").pop());
      assert.equal(task.preferences.weekly_hours, 3, "the override wins for this roadmap");
      assert.equal(task.preferences.language, "fr");
      assert.equal(task.preferences.background, "Five years of <b>web</b> backends");
      assert.deepEqual(learner.problems, []);
    });
  });
});
