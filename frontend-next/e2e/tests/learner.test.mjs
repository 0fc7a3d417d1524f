// The learner's side (issue 16): the profile page (every field, technologies with a level,
// formats, about-me counter, the API's 422 next to the field it names, saved state) and the
// wizard pre-filled from it, overridable for one roadmap, its summary naming what came from
// the profile.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { API, BASE, apiToken, assertAccessible, assertFitsNarrowScreen, getTask, launchBrowser, mapStates, newPage, registerInBrowser, review, screenshot, uniqueEmail, waitForTask, withShot } from "./helpers.mjs";

let browser;
let learner;
const state = {};

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

      // a technology name over 80 characters, told under that row
      await page.getByLabel("Primary language").fill("fr");
      await page.getByLabel("Technology 2", { exact: true }).fill("G".repeat(81));
      await page.getByRole("button", { name: "Save profile" }).click();
      await page.locator("[data-testid=technology-row]").nth(1).getByRole("alert").filter({ hasText: /at most 80 characters/ }).waitFor();
      assert.equal(await page.getByLabel("Technology 2", { exact: true }).getAttribute("aria-invalid"), "true");
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
      state.taskId = page.url().split("/").pop();
      const task = await getTask(learner.token, state.taskId);
      assert.equal(task.preferences.weekly_hours, 3, "the override wins for this roadmap");
      assert.equal(task.preferences.language, "fr");
      assert.equal(task.preferences.background, "Five years of <b>web</b> backends");
      assert.deepEqual(learner.problems, []);
    });
  });

  test("what Waymark understood, in the cockpit and the review; a rejection names a wrong assumption; the history per round", async () => {
    const { page } = learner;
    await withShot(page, "learner-understood", async () => {
      await waitForTask(learner.token, state.taskId, "awaiting_review");
      await page.goto(`${BASE}/tasks/${state.taskId}`);
      const understood = page.getByTestId("understood");
      await understood.waitFor();
      assert.match(await page.getByTestId("intent-topic").innerText(), /Elixir/i);
      assert.match(await page.getByTestId("intent-assumed").innerText(), /working knowledge of Python/, "the profile's advanced Python shows as assumed");
      assert.match(await page.getByTestId("intent-constraints").innerText(), /3 hours per week/);

      await page.getByRole("link", { name: "Review the proposal" }).click();
      await page.waitForURL(/\/review$/);
      await page.getByTestId("understood").waitFor();
      await page.getByLabel("Feedback for a new proposal").fill("I never wrote Python in earnest");
      await page.getByLabel("A wrong assumption (optional)").selectOption("working knowledge of Python");
      await assertAccessible(page, "the review with what Waymark understood", { dark: true });
      await screenshot(page, "review-understood");
      await page.getByRole("button", { name: "Reject with feedback" }).click();
      await page.waitForURL(new RegExp(`/tasks/${state.taskId}$`));

      // the next round's proposal teaches what was wrongly assumed; the history says so
      const deadline = Date.now() + 120_000;
      for (let task = await getTask(learner.token, state.taskId); !(task.status === "awaiting_review" && task.review?.round === 2); task = await getTask(learner.token, state.taskId)) {
        assert.ok(Date.now() < deadline, `no second round (last: ${task.status}, round ${task.review?.round})`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      await page.goto(`${BASE}/tasks/${state.taskId}/review`);
      const history = page.getByTestId("review-history");
      await history.waitFor();
      const first = history.locator("[data-testid=history-round][data-round='1']");
      assert.match(await first.innerText(), /Round 1 · Rejected/);
      assert.match(await first.innerText(), /I never wrote Python in earnest/);
      assert.match(await first.getByTestId("round-wrong-assumption").innerText(), /working knowledge of Python/);
      assert.match(await first.getByTestId("round-changes").innerText(), /\+ Added Foundations: working knowledge of Python/);
      assert.match(await history.locator("[data-testid=history-round][data-round='2']").innerText(), /Round 2 · awaits you/);
      assert.equal(await page.locator("h1").count(), 1);
      await assertAccessible(page, "the review history");
      await assertFitsNarrowScreen(page);
      assert.deepEqual(learner.problems, []);
    });
  });

  test("the trash: deleting asks first and says where it goes; restore brings it back with its progress", async () => {
    const { page } = learner;
    await withShot(page, "learner-trash", async () => {
      await review(learner.token, state.taskId, { decision: "approve" });
      const task = await waitForTask(learner.token, state.taskId, ["completed", "partial_failure"]);
      state.roadmapId = task.roadmap_id;
      const roadmap = await (await fetch(`${API}/api/v1/roadmaps/${state.roadmapId}`, { headers: { Authorization: `Bearer ${learner.token}` } })).json();
      state.concepts = roadmap.concepts;
      const done = await fetch(`${API}/api/v1/roadmaps/${state.roadmapId}/concepts/${state.concepts[0].concept_id}/progress`, {
        method: "PUT",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${learner.token}` },
        body: JSON.stringify({ completed: true }),
      });
      assert.equal(done.status, 200);

      const url = `${BASE}/roadmaps/${state.roadmapId}`;
      await page.goto(url);
      const title = await page.getByTestId("roadmap-title").innerText();
      await page.getByRole("button", { name: "Delete…" }).click();
      const dialog = page.getByRole("dialog");
      assert.match(await dialog.innerText(), /Move this roadmap to the trash\?/);
      assert.match(await dialog.innerText(), /restore it with your progress/);
      await assertAccessible(page, "the delete dialog");
      await dialog.getByRole("button", { name: "Move to the trash" }).click();
      await page.waitForURL(/\/dashboard$/);

      const row = page.getByTestId("trash-row").filter({ hasText: title });
      await row.waitFor();
      assert.match(await row.getByTestId("trash-days-left").innerText(), /^30 days left$/);
      assert.match(await row.innerText(), new RegExp(`1/${state.concepts.length} concepts done`));
      assert.ok(!(await page.getByTestId("roadmap-row").allInnerTexts()).some((text) => text.includes(title)), "gone from my roadmaps");
      await assertAccessible(page, "the dashboard with the trash", { dark: true });
      await screenshot(page, "dashboard-trash");
      await page.goto(url);
      assert.match(await page.getByTestId("error-state").innerText(), /Not found/);

      await page.goto(`${BASE}/dashboard`);
      await page.getByRole("button", { name: `Restore ${title}` }).click();
      await page.getByTestId("trash-restored").filter({ hasText: "is back in your roadmaps" }).waitFor();
      await page.getByTestId("roadmap-row").filter({ hasText: title }).waitFor();
      await page.waitForFunction(() => document.querySelectorAll("[data-testid=trash-row]").length === 0);
      await page.goto(url);
      await page.getByTestId("overall-progress").filter({ hasText: `1 of ${state.concepts.length}` }).waitFor();
      assert.deepEqual(learner.problems, []);
    });
  });

  test("mastery: quiz attempts move it with their reasons, mastered concepts leave the plan, \"I know this\" corrects it", async () => {
    const { page } = learner;
    await withShot(page, "learner-mastery", async () => {
      const [, second, third] = state.concepts;
      await page.goto(`${BASE}/roadmaps/${state.roadmapId}?concept=${second.concept_id}`);
      await page.getByTestId("concept-title").filter({ hasText: second.title }).waitFor();
      const mastery = page.getByTestId("mastery");
      await mastery.getByTestId("mastery-score").filter({ hasText: "Not known yet" }).waitFor();
      assert.match(await mastery.getByTestId("mastery-reasons").innerText(), /No quiz attempt yet/);

      // the simulator's key: the first option of a single answer, the first and third of a multiple one
      const answerQuiz = async (wrong) => {
        const questions = page.locator("fieldset[data-question]");
        await questions.first().waitFor();
        let missed = 0;
        for (const question of await questions.all()) {
          const boxes = question.locator("input[type=checkbox]");
          if ((await boxes.count()) > 0) {
            await boxes.nth(0).check();
            await boxes.nth(2).check();
          } else {
            await question.locator("input[type=radio]").nth(missed < wrong ? 1 : 0).check();
            if (missed < wrong) missed += 1;
          }
        }
        await page.getByRole("button", { name: "Check my answers" }).click();
        await page.getByTestId("quiz-score").waitFor();
      };
      await page.getByRole("tab", { name: "Quiz" }).click();
      await answerQuiz(1);
      await mastery.getByTestId("mastery-score").filter({ hasText: "60%" }).waitFor();
      const reasons = await mastery.getByTestId("mastery-reasons").innerText();
      assert.match(reasons, /4 of 5 on the last attempt/);
      assert.match(reasons, /held at 60% until you take the quiz again/i);
      assert.equal(await mastery.getAttribute("data-mastered"), "false");
      await mastery.getByText("Missed on the last attempt (1)").click();
      assert.equal(await mastery.getByTestId("mastery-missed").locator("li").count(), 1);
      await assertAccessible(page, "the learning view with mastery", { dark: true });

      await page.getByRole("button", { name: "Try again" }).click();
      await answerQuiz(0);
      await mastery.getByTestId("mastery-score").filter({ hasText: "93%" }).waitFor();
      assert.match(await mastery.getByTestId("mastery-reasons").innerText(), /5 of 5 on the last attempt/);
      assert.match(await mastery.getByTestId("mastery-reasons").innerText(), /2 attempts, the recent ones weigh more/);
      await mastery.getByText("Mastered", { exact: true }).waitFor();
      await page.getByTestId("pace-mastered").filter({ hasText: "1 concept you have mastered is left out of the plan" }).waitFor();

      // "I know this" on the next concept
      await page.goto(`${BASE}/roadmaps/${state.roadmapId}?concept=${third.concept_id}`);
      await page.getByTestId("concept-title").filter({ hasText: third.title }).waitFor();
      await mastery.getByRole("button", { name: "I know this" }).click();
      await mastery.getByTestId("mastery-score").filter({ hasText: "100%" }).waitFor();
      assert.match(await mastery.getByTestId("mastery-reasons").innerText(), /You marked this as known/);
      await page.getByTestId("pace-mastered").filter({ hasText: "2 concepts you have mastered are left out of the plan" }).waitFor();
      const thisWeek = await page.getByTestId("pace-plan").locator("ul > li").allInnerTexts();
      assert.ok(thisWeek.length > 0, "something is left for this week");
      for (const title of [second.title, third.title]) assert.ok(!thisWeek.includes(title), `the mastered ${title} left this week's plan: ${thisWeek}`);
      await screenshot(page, "learning-mastery");
      assert.deepEqual(learner.problems, []);
    });
  });

  test("placement: the wizard's optional check tests concepts out; the learning view and the map show them, their content on request", async () => {
    const { page } = learner;
    await withShot(page, "learner-placement", async () => {
      await page.goto(`${BASE}/new`);
      await page.getByLabel("What do you want to learn?").fill("Learn Haskell for data pipelines");
      await page.getByLabel(/Check what I already know first/).check();
      await page.getByRole("button", { name: "Next" }).click();
      await page.getByRole("button", { name: "Start the placement check" }).click();
      const questions = page.locator("fieldset[data-placement-question]");
      await questions.first().waitFor();
      const total = await questions.count();
      assert.ok(total >= 8 && total <= 12, `8–12 questions, got ${total}`);
      // the simulator's key is option 0: the first six right (three concepts), the rest wrong
      for (const [index, question] of (await questions.all()).entries()) await question.locator("input").nth(index < 6 ? 0 : 1).check();
      await assertAccessible(page, "the placement check");
      await page.getByRole("button", { name: "Grade my answers" }).click();
      const result = page.getByTestId("placement-result");
      await result.waitFor();
      assert.match(await result.innerText(), new RegExp(`6 of ${total} right · verified level: Intermediate`));
      assert.match(await result.innerText(), /Tested out \(kept in the roadmap, no content generated\)/);
      await page.getByRole("button", { name: "Next" }).click();
      await page.getByRole("button", { name: "Next" }).click();
      await page.getByRole("button", { name: "Next" }).click();
      await page.getByRole("button", { name: "Next" }).click();
      const summary = page.getByTestId("wizard-summary");
      await summary.waitFor();
      assert.match(await summary.innerText(), /Intermediate \(verified by the placement check\)/);
      await screenshot(page, "wizard-placement");
      await page.getByRole("button", { name: "Create roadmap" }).click();
      await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
      const taskId = page.url().split("/").pop();
      // the review's estimate says how many concepts the check tested out and what that saves
      const proposed = await waitForTask(learner.token, taskId, "awaiting_review");
      assert.ok(proposed.estimate?.tested_out > 0, "the estimate counts the tested-out concepts");
      await page.goto(`${BASE}/tasks/${taskId}/review`);
      await page.getByTestId("estimate-tested-out").filter({ hasText: new RegExp(`^${proposed.estimate.tested_out} concepts?, saves \\$`) }).waitFor();
      await page.getByRole("button", { name: "Approve and generate content" }).click();
      await page.waitForURL(new RegExp(`/tasks/${taskId}$`));
      const task = await waitForTask(learner.token, taskId, ["completed", "partial_failure"]);
      const roadmap = await (await fetch(`${API}/api/v1/roadmaps/${task.roadmap_id}`, { headers: { Authorization: `Bearer ${learner.token}` } })).json();
      const testedOut = roadmap.concepts.filter((c) => c.tested_out);
      assert.ok(testedOut.length > 0, "the check tested some concepts out");

      // and the cockpit says it too
      await page.getByTestId("estimate-tested-out").filter({ hasText: new RegExp(`^${task.estimate.tested_out}, saves`) }).waitFor();

      const concept = testedOut[0];
      await page.goto(`${BASE}/roadmaps/${task.roadmap_id}?concept=${concept.concept_id}`);
      await page.getByTestId("concept-title").filter({ hasText: concept.title }).waitFor();
      await page.getByTestId("roadmap-map").locator("[data-map-concept]").first().waitFor();
      const states = await mapStates(page);
      assert.deepEqual(
        Object.keys(states).filter((id) => states[id] === "tested_out").sort(),
        testedOut.map((c) => c.concept_id).sort(),
        "the map marks exactly the tested-out concepts",
      );
      await page.locator(`nav[aria-label=Concepts] a[data-concept-id="${concept.concept_id}"]:visible`).filter({ hasText: "(tested out)" }).waitFor();
      const notice = page.getByTestId("tested-out");
      assert.match(await notice.innerText(), /Tested out\. Your placement check showed you know this/);
      await page.getByTestId("mastery").locator("[data-testid=mastery-score]").filter({ hasText: "100%" }).waitFor();
      await assertAccessible(page, "a tested-out concept", { dark: true });
      await screenshot(page, "learning-tested-out");

      // its content, asked for after all
      await notice.getByRole("button", { name: "Generate its content" }).click();
      await page.getByTestId("tutorial-version").filter({ hasText: "Version 1" }).waitFor({ timeout: 120_000 });
      await page.locator(".prose-tutorial").first().waitFor();
      assert.deepEqual(learner.problems, []);
    });
  });
});
