// The mentor panel beside a concept: a question's answer streams in token by token as text,
// a citation scrolls to and highlights its tutorial section, Stop leaves the answer marked
// stopped (in the page and in the stored transcript), an earlier session resumes, and an
// answer saved as a note appears in the notes list (edited and deleted there too). Then the
// ready-made questions (and the budget meter going down), the notes page, the hint ladder from
// a quiz question, and a proposed regeneration accepted.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { API, BASE, apiToken, assertAccessible, createTask, launchBrowser, newPage, registerInBrowser, simConfig, uniqueEmail, waitForTask, withShot } from "./helpers.mjs";

let browser;
let learner;
const state = {};
const answers = (page) => page.getByTestId("mentor-answer");

/** Wait, with a deadline, until `read()` gives something `accept` takes; returns it. */
async function until(what, read, accept, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await read();
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(`${what}: still ${JSON.stringify(last)} after ${timeoutMs} ms`);
}

const tokensLeft = async (page) => Number(await page.getByTestId("mentor-budget-text").getAttribute("data-left"));
const lastAnswerComplete = (page) => answers(page).last().and(page.locator("[data-status=complete]")).waitFor();

async function api(path) {
  const response = await fetch(`${API}/api/v1/${path}`, { headers: { Authorization: `Bearer ${learner.token}` } });
  assert.equal(response.status, 200, `${path}: ${response.status}`);
  return response.json();
}

before(async () => {
  browser = await launchBrowser();
  learner = await newPage(browser);
  learner.account = await registerInBrowser(learner.page, uniqueEmail("mentee"));
  learner.token = await apiToken(learner.account);
  const taskId = await createTask(learner.token, "Learn Rust ownership", { skip_review: true });
  const task = await waitForTask(learner.token, taskId, ["completed", "partial_failure"]);
  state.roadmapId = task.roadmap_id;
  state.concept = (await api(`roadmaps/${state.roadmapId}`)).concepts[0];
});
after(async () => {
  await simConfig({ stream_chunk_chars: 64, stream_chunk_delay_ms: 0 }).catch(() => undefined);
  await browser?.close();
});

async function ask(page, question) {
  await page.getByTestId("mentor-input").fill(question);
  await page.getByTestId("mentor-count").filter({ hasText: `${question.length} / 2000` }).waitFor();
  await page.getByTestId("mentor-ask").click();
}

/** The text of the newest answer once it is streaming and longer than `longerThan` characters. */
async function streamedLength(page, longerThan) {
  const handle = await page.waitForFunction(
    (min) => {
      const all = document.querySelectorAll("[data-testid=mentor-answer]");
      const last = all[all.length - 1];
      const text = last?.querySelector("p")?.textContent ?? "";
      if (text === "Thinking…") return false;
      return last?.getAttribute("data-status") === "streaming" && text.length > min ? text.length : false;
    },
    longerThan,
    { timeout: 20_000 },
  );
  return handle.jsonValue();
}

describe("the mentor", { concurrency: false }, () => {
  test("an answer streams in token by token, and a citation scrolls to its section", async () => {
    const { page } = learner;
    await withShot(page, "mentor-ask", async () => {
      await simConfig({ stream_chunk_chars: 6, stream_chunk_delay_ms: 40 });
      await page.goto(`${BASE}/roadmaps/${state.roadmapId}?concept=${state.concept.concept_id}`);
      await page.getByTestId("concept-title").filter({ hasText: state.concept.title }).waitFor();
      await ask(page, "How does this work?");
      const first = await streamedLength(page, 0);
      const later = await streamedLength(page, first);
      assert.ok(later > first, "more text arrived while the answer was streaming");
      await answers(page).last().and(page.locator("[data-status=complete]")).waitFor();
      // text, never HTML: the answer has no element the model could have written
      assert.equal(await answers(page).last().locator("a, img, script, iframe").count(), 0);
      const citation = answers(page).last().locator("[data-testid=mentor-citation][data-cite^=sec-]").first();
      const target = await citation.getAttribute("data-cite");
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await citation.click();
      const section = page.locator(`[id="${target}"]`);
      await section.and(page.locator("[data-cited=true]")).waitFor();
      await page.waitForFunction((id) => {
        const box = document.getElementById(id)?.getBoundingClientRect();
        return box !== undefined && box.top >= -1 && box.top < window.innerHeight;
      }, target);
      await assertAccessible(page, "the learning view with the mentor", { dark: true });
    });
  });

  test("Stop mid-answer leaves the answer marked stopped, here and in the stored transcript", async () => {
    const { page } = learner;
    await withShot(page, "mentor-stop", async () => {
      await simConfig({ stream_chunk_chars: 2, stream_chunk_delay_ms: 120 });
      await ask(page, "Explain it again, slowly.");
      await streamedLength(page, 5);
      await page.getByTestId("mentor-stop").click();
      const stopped = answers(page).last();
      await stopped.and(page.locator("[data-status=stopped]")).waitFor();
      await stopped.getByTestId("answer-stopped").waitFor();
      await page.getByTestId("mentor-ask").waitFor(); // the form is ready for the next question
      const sessions = await api(`roadmaps/${state.roadmapId}/concepts/${state.concept.concept_id}/mentor/sessions`);
      assert.equal(sessions.items.length, 1, "both questions went to one session");
      const transcript = await api(`roadmaps/${state.roadmapId}/concepts/${state.concept.concept_id}/mentor/sessions/${sessions.items[0].id}`);
      const last = transcript.messages.at(-1);
      assert.equal(last.status, "stopped");
      state.stoppedText = last.content;
      assert.ok(last.content.length > 0);
      await simConfig({ stream_chunk_chars: 64, stream_chunk_delay_ms: 0 });
    });
  });

  test("an earlier session resumes after a reload", async () => {
    const { page } = learner;
    await withShot(page, "mentor-resume", async () => {
      await page.reload();
      await page.getByTestId("mentor-sessions").locator("summary").click();
      await page.getByTestId("mentor-session").first().click();
      await page.getByTestId("mentor-question").filter({ hasText: "Explain it again, slowly." }).waitFor();
      await answers(page).last().and(page.locator("[data-status=stopped]")).waitFor();
    });
  });

  test("save the answer as a note: it appears in the notes list, and can be edited and deleted", async () => {
    const { page } = learner;
    await withShot(page, "mentor-note", async () => {
      await answers(page).last().getByTestId("mentor-save-note").click();
      await answers(page).last().getByTestId("mentor-action-done").filter({ hasText: "Saved as a note." }).waitFor();
      const note = page.getByTestId("notes-list").getByTestId("note").first();
      await note.getByTestId("note-body").waitFor();
      assert.equal((await note.getByTestId("note-body").innerText()).trim(), state.stoppedText.trim());
      await note.getByText("from the mentor").waitFor();
      await note.getByTestId("note-edit-start").click();
      await note.getByTestId("note-edit").fill("My own words: <b>ownership</b> moves.");
      await note.getByTestId("note-save").click();
      await note.getByTestId("note-body").filter({ hasText: "My own words: <b>ownership</b> moves." }).waitFor();
      const notes = await api(`roadmaps/${state.roadmapId}/notes`);
      assert.equal(notes.items.length, 1);
      assert.equal(notes.items[0].body, "My own words: <b>ownership</b> moves.");
      await note.getByTestId("note-delete").click();
      await note.getByTestId("note-delete-confirm").click();
      await page.getByTestId("notes-list").getByTestId("note").waitFor({ state: "detached" });
      assert.equal((await api(`roadmaps/${state.roadmapId}/notes`)).items.length, 0);
    });
  });

  test("a ready-made question streams in, and the budget meter shows fewer tokens left after it", async () => {
    const { page } = learner;
    await withShot(page, "mentor-preset", async () => {
      await page.getByTestId("mentor-budget-text").filter({ hasText: /Mentor budget today: [\d,]+ of [\d,]+ tokens left · resets \d\d:\d\d/ }).waitFor();
      const before = await tokensLeft(page);
      await simConfig({ stream_chunk_chars: 6, stream_chunk_delay_ms: 40 });
      await page.getByTestId("mentor-preset-explain").click();
      await page.getByTestId("mentor-question").last().filter({ hasText: "Explain" }).waitFor();
      const first = await streamedLength(page, 0);
      assert.ok(await page.getByTestId("mentor-preset-test_me").isDisabled(), "no second question while one streams");
      const later = await streamedLength(page, first);
      assert.ok(later > first, "more text arrived while the answer was streaming");
      await lastAnswerComplete(page);
      await simConfig({ stream_chunk_chars: 64, stream_chunk_delay_ms: 0 });
      assert.ok(await page.getByTestId("mentor-preset-test_me").isEnabled());
      await page.getByTestId("mentor-announcement").filter({ hasText: "The mentor answered:" }).waitFor();
      const after = await until("the tokens left after an answer", () => tokensLeft(page), (left) => left < before);
      assert.ok(after < before);
      await page.getByTestId("mentor-session-usage").filter({ hasText: /This session: [\d,]+ tokens/ }).waitFor();
    });
  });

  test("an answer saved as a note is on the notes page, under its concept", async () => {
    const { page } = learner;
    await withShot(page, "mentor-notes-page", async () => {
      await answers(page).last().getByTestId("mentor-action-save_note").click();
      await answers(page).last().getByTestId("mentor-action-done").filter({ hasText: "Saved as a note." }).waitFor();
      const [saved] = (await api(`roadmaps/${state.roadmapId}/notes`)).items;
      await page.getByTestId("notes-link").click();
      await page.waitForURL(`**/roadmaps/${state.roadmapId}/notes`);
      await page.getByRole("heading", { level: 1, name: "My notes" }).waitFor();
      assert.equal(await page.locator("h1").count(), 1);
      const group = page.getByTestId("notes-group").filter({ has: page.getByRole("link", { name: state.concept.title }) });
      await group.getByTestId("note-body").waitFor();
      assert.equal((await group.getByTestId("note-body").innerText()).trim(), saved.body.trim());
      await group.getByText("from the mentor").waitFor();
      await until("the page title", () => page.title(), (title) => title.startsWith("Notes"));
      await assertAccessible(page, "the notes page");
      await group.getByRole("link", { name: state.concept.title }).click();
      await page.waitForURL((url) => url.searchParams.get("concept") === state.concept.concept_id);
      await page.getByTestId("concept-title").filter({ hasText: state.concept.title }).waitFor();
    });
  });

  test("a hint from a quiz question climbs the ladder: hint 1 of 3, then hint 2 of 3", async () => {
    const { page } = learner;
    await withShot(page, "mentor-hints", async () => {
      await page.getByRole("tab", { name: "Quiz" }).click();
      const ask = page.getByTestId("quiz-ask-mentor").first();
      await ask.filter({ hasText: "Ask for a hint" }).waitFor();
      await ask.click();
      await answers(page).last().getByTestId("mentor-hint-level").filter({ hasText: "Hint 1 of 3: a nudge" }).waitFor();
      await lastAnswerComplete(page);
      await ask.click();
      await answers(page).last().getByTestId("mentor-hint-level").filter({ hasText: "Hint 2 of 3: a targeted hint" }).waitFor();
      await lastAnswerComplete(page);
      assert.equal(await answers(page).getByTestId("mentor-hint-level").count(), 2, "both hints in one session");
    });
  });

  test("a proposed regeneration, once accepted, brings a new version of the tutorial", async () => {
    const { page } = learner;
    await withShot(page, "mentor-regenerate", async () => {
      await page.getByRole("tab", { name: "Tutorial" }).click();
      const version = page.getByTestId("tutorial-version");
      const before = Number((await version.innerText()).replace(/\D/g, ""));
      await page.getByTestId("mentor-preset-simpler").click();
      await lastAnswerComplete(page);
      await answers(page).last().getByTestId("mentor-action-regenerate_tutorial").click();
      await answers(page).last().getByTestId("mentor-action-done").filter({ hasText: "Regeneration started" }).waitFor();
      await version.filter({ hasText: `Version ${before + 1}` }).waitFor({ timeout: 120_000 });
      await page.getByRole("tab", { name: "Versions" }).click();
      await page.getByTestId("version-compare").getByRole("region", { name: `Version ${before + 1}` }).waitFor();
    });
  });
});
