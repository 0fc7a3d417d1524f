// The web layer's defences (docs/web.md, "Security") in a real browser against the real stack:
// cross-site requests, the redirect after sign-in, the Content-Security-Policy (Mermaid under
// it), the proxy's body limit, and a sign-out that ends the session.
// This file sorts before journey.test.mjs on purpose: the journey stops the API at its end.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { API, BASE, apiToken, launchBrowser, newPage, registerInBrowser, uniqueEmail } from "./helpers.mjs";
import { rawRequest } from "./raw-http.mjs";

const EVIL = "https://evil.example";
const SESSION_COOKIE = "waymark_session"; // the e2e UI runs as local development (plain http): no __Host- prefix
const PASSWORD = "correct horse battery";
const MERMAID = new URL("../../node_modules/mermaid/dist/mermaid.min.js", import.meta.url);

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function registerViaApi(name) {
  const account = { email: uniqueEmail(name), password: PASSWORD };
  const created = await fetch(`${API}/api/v1/auth/register`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(account) });
  assert.equal(created.status, 201);
  return account;
}

async function signIn(page, { email, password }) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function sessionCookie(context) {
  return (await context.cookies(BASE)).find((cookie) => cookie.name.endsWith(SESSION_COOKIE));
}

/** A visitor who would notice leaving: any request to evil.example answers a page saying so. */
async function watchForEvil(context) {
  const visits = [];
  await context.route((url) => url.hostname === "evil.example", (route) => {
    visits.push(route.request().url());
    return route.fulfill({ contentType: "text/html", body: "<h1>evil.example</h1>" });
  });
  return visits;
}

describe("cross-site requests", () => {
  test("a cross-site text/plain form cannot sign the visitor into the attacker's account", async () => {
    const attacker = await registerViaApi("attacker");
    const visitor = await newPage(browser);
    // the attacker's page: a text/plain form whose body is the attacker's credentials as JSON
    const field = JSON.stringify({ ...attacker, pad: "" }).slice(0, -2);
    const form = `<form method="post" enctype="text/plain" action="${BASE}/api/session"><input name='${field}' value='"}'></form><script>document.forms[0].submit()</script>`;
    await visitor.context.route(`${EVIL}/**`, (route) => route.fulfill({ contentType: "text/html", body: form }));
    const posted = visitor.page.waitForResponse((response) => response.url() === `${BASE}/api/session` && response.request().method() === "POST");
    await visitor.page.goto(`${EVIL}/win-a-prize`);
    const answer = await posted;
    assert.equal(answer.status(), 403, "the cross-site login is refused");
    assert.equal((await answer.json()).code, "cross_site_request");
    assert.equal(await sessionCookie(visitor.context), undefined, "no session cookie was set");
    await visitor.context.close();
  });

  test("outside a browser too: another Origin gets 403, a non-JSON body 415, and no cookie", async () => {
    const account = await registerViaApi("forger");
    const body = JSON.stringify(account);
    const forged = await fetch(`${BASE}/api/session`, { method: "POST", headers: { "Content-Type": "text/plain", Origin: EVIL }, body });
    assert.equal(forged.status, 403);
    assert.equal(forged.headers.get("set-cookie"), null);
    const sameOriginText = await fetch(`${BASE}/api/session`, { method: "POST", headers: { "Content-Type": "text/plain", "Sec-Fetch-Site": "same-origin" }, body });
    assert.equal(sameOriginText.status, 415);
    assert.match((await sameOriginText.json()).detail, /application\/json/);
    assert.equal(sameOriginText.headers.get("set-cookie"), null);
    const proxied = await fetch(`${BASE}/api/v1/tasks`, { method: "POST", headers: { "Content-Type": "application/json", Origin: EVIL }, body: "{}" });
    assert.equal(proxied.status, 403, "the proxy's writes need the site's own origin too");
    const honest = await fetch(`${BASE}/api/session`, { method: "POST", headers: { "Content-Type": "application/json", Origin: BASE }, body });
    assert.equal(honest.status, 200, "the site's own origin signs in");
  });
});

describe("after signing in", () => {
  for (const next of ["/%09/evil.example/", "/%0a/evil.example/", "/%5C/evil.example/"]) {
    test(`/login?next=${next} stays on the site`, async () => {
      const account = await registerViaApi("redirected");
      const visitor = await newPage(browser);
      const visits = await watchForEvil(visitor.context);
      await visitor.page.goto(`${BASE}/login?next=${next}`);
      await signIn(visitor.page, account);
      const site = new URL(BASE).origin;
      await visitor.page.waitForURL((url) => url.hostname === "evil.example" || (url.origin === site && url.pathname === "/dashboard"));
      assert.deepEqual(visits, [], "the browser never went to evil.example");
      assert.equal(new URL(visitor.page.url()).origin, site);
      await visitor.page.getByTestId("account-email").waitFor();
      await visitor.context.close();
    });
  }

  test("a logged-out deep link goes to the login page and back to the same page", async () => {
    const account = await registerViaApi("deep-link");
    const visitor = await newPage(browser);
    const deepLink = "/roadmaps/00000000-0000-4000-8000-000000000000?concept=c01";
    await visitor.page.goto(`${BASE}${deepLink}`);
    await visitor.page.waitForURL((url) => url.pathname === "/login");
    assert.equal(new URL(visitor.page.url()).searchParams.get("next"), deepLink);
    await signIn(visitor.page, account);
    await visitor.page.waitForURL((url) => `${url.pathname}${url.search}` === deepLink);
    await visitor.page.getByTestId("error-state").waitFor(); // that roadmap does not exist: the page says so
    await visitor.context.close();
  });
});

describe("Content-Security-Policy", () => {
  test("every page carries a fresh nonce, and every script of the page carries it", async () => {
    const seen = new Set();
    for (const path of ["/login", "/register", "/login"]) {
      const response = await fetch(`${BASE}${path}`);
      const policy = response.headers.get("content-security-policy") ?? "";
      const script = policy.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src ")) ?? "";
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(script)?.[1];
      assert.ok(nonce, `${path}: a nonce in script-src: ${policy}`);
      assert.ok(!script.includes("'unsafe-inline'") && !script.includes("'unsafe-eval'"), `${path}: ${script}`);
      assert.match(policy, /frame-ancestors 'none'/);
      seen.add(nonce);
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
      assert.ok(scripts.length > 0, `${path} has scripts`);
      for (const tag of scripts) assert.ok(tag.includes(`nonce="${nonce}"`), `${path}: a script without the nonce: ${tag}`);
    }
    assert.equal(seen.size, 3, "a new nonce for every response");
  });

  test("the pages render and hydrate under it, with no violation", async () => {
    const visitor = await newPage(browser);
    await visitor.page.goto(`${BASE}/register`);
    await registerInBrowser(visitor.page, uniqueEmail("csp"));
    await visitor.page.getByLabel("What do you want to learn?").waitFor(); // the wizard, hydrated
    await visitor.page.goto(`${BASE}/dashboard`);
    await visitor.page.getByTestId("account-email").waitFor(); // a client query ran
    await visitor.page.goto(`${BASE}/login`);
    await visitor.page.getByRole("button", { name: "Sign in" }).waitFor();
    assert.deepEqual(visitor.problems, []);
    await visitor.context.close();
  });

  test("Mermaid in strict mode draws under the site's policy, and hostile diagrams stay inert", async () => {
    // the site's own policy, on a probe page of the same origin that renders with the same
    // mermaid build and the same calls as src/components/learn/mermaid-block.tsx
    const policy = (await fetch(`${BASE}/login`)).headers.get("content-security-policy");
    const nonce = /'nonce-([^']+)'/.exec(policy)[1];
    const context = await browser.newContext();
    const page = await context.newPage();
    const dialogs = [];
    page.on("dialog", async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    await context.route(`${BASE}/__probe/**`, (route) => {
      const url = new URL(route.request().url());
      if (url.pathname.endsWith("/mermaid.js")) return route.fulfill({ contentType: "text/javascript", body: readFileSync(MERMAID) });
      if (url.pathname.endsWith("/run.js")) return route.fulfill({ contentType: "text/javascript", body: PROBE_SCRIPT });
      const html = `<!doctype html><html><body><script nonce="${nonce}" src="/__probe/mermaid.js"></script><script nonce="${nonce}" src="/__probe/run.js"></script></body></html>`;
      return route.fulfill({ contentType: "text/html", headers: { "Content-Security-Policy": policy }, body: html });
    });
    await page.goto(`${BASE}/__probe/page`);
    await page.waitForFunction(() => Array.isArray(window.__results), null, { timeout: 60_000 });
    const results = await page.evaluate(() => window.__results);
    // every diagram, hostile ones included, goes all the way through mermaid's renderer
    assert.deepEqual(results, ["drawn", "drawn", "drawn", "drawn", "drawn"], "the diagrams draw under the policy");
    const box = await page.locator("figure[data-index='0'] svg g.node").first().boundingBox();
    assert.ok(box && box.width > 0, "laid out (its inline <style> and text measure under the policy)");
    for (const target of await page.locator("figure svg g.node, figure svg a").all()) {
      await target.click({ force: true, timeout: 2_000 }).catch(() => undefined);
    }
    assert.equal(await page.evaluate(() => window.__pwned ?? null), null, `hostile diagram ran code (results: ${results})`);
    assert.deepEqual(dialogs, []);
    // what the diagrams put in the page: no script or frame, no handler, no script URL
    const live = await page.evaluate(() => {
      const found = [...document.querySelectorAll("figure script, figure iframe, figure object, figure embed")].map((el) => el.tagName);
      for (const el of document.querySelectorAll("figure *")) {
        for (const attr of el.attributes) {
          const value = attr.value.replace(/[\u0000-\u0020]/g, "").toLowerCase();
          if (attr.name.toLowerCase().startsWith("on")) found.push(`${el.tagName} ${attr.name}`);
          if (/^(href|xlink:href|src|action|formaction)$/i.test(attr.name) && /^(javascript|data|vbscript):/.test(value)) found.push(`${el.tagName} ${attr.name}=${attr.value}`);
        }
      }
      return found;
    });
    assert.deepEqual(live, [], `results: ${results.join(" | ")}`);
    await context.close();
  });
});

// Runs in the probe page: mermaid exactly as the learning view configures it.
const PROBE_SCRIPT = `
window.__pwn = (how) => { window.__pwned = how; };
const diagrams = [
  "flowchart LR\\n  Read --> Try --> Reflect",
  'flowchart LR\\n  A["<img src=x onerror=window.__pwn(1)>"] --> B["<script>window.__pwn(2)<\\/script>"]',
  'flowchart LR\\n  A --> B\\n  click A call __pwn(3)\\n  click B "javascript:window.__pwn(4)"',
  'flowchart LR\\n  A["<a href=javascript:window.__pwn(5)>link</a>"] --> B["<iframe srcdoc=x onload=window.__pwn(6)>"]',
  'sequenceDiagram\\n  Alice->>Bob: <img src=x onerror=window.__pwn(7)>',
];
(async () => {
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral" });
  const results = [];
  for (const [index, source] of diagrams.entries()) {
    try {
      await mermaid.parse(source);
      const { svg } = await mermaid.render("probe" + index, source);
      const figure = document.createElement("figure");
      figure.dataset.index = String(index);
      figure.innerHTML = svg;
      document.body.append(figure);
      results.push("drawn");
    } catch (error) {
      results.push("refused: " + error.message);
    }
  }
  window.__results = results;
})();
`;

describe("the proxy's body limit", () => {
  test("an upload declared over 1 MiB is refused at once, unread; a streamed one once it passes 1 MiB", async () => {
    const visitor = await newPage(browser);
    await registerInBrowser(visitor.page, uniqueEmail("upload"));
    const cookie = await sessionCookie(visitor.context);
    const headers = { Cookie: `${cookie.name}=${cookie.value}`, "Sec-Fetch-Site": "same-origin", "Content-Type": "application/json" };
    // 50 MiB announced, 1 KiB sent, then the client waits: the answer must not wait for the rest
    const declared = await rawRequest(BASE, "POST", "/api/v1/tasks", { ...headers, "Content-Length": String(50 * 1024 * 1024) }, ["x".repeat(1024)], { keepOpen: true });
    assert.equal(declared.status, 413);
    assert.equal(JSON.parse(declared.body).code, "body_too_large");
    // chunked, no length: refused once past the limit
    const chunks = Array.from({ length: 40 }, () => "x".repeat(64 * 1024)); // 2.5 MiB
    const streamed = await rawRequest(BASE, "POST", "/api/v1/tasks", { ...headers, "Transfer-Encoding": "chunked" }, chunks);
    assert.equal(streamed.status, 413);
    assert.equal(JSON.parse(streamed.body).code, "body_too_large");
    await visitor.context.close();
  });
});

describe("signing out", () => {
  test("ends the session: the old cookie and its token get 401, another session keeps working", async () => {
    const visitor = await newPage(browser);
    const account = await registerInBrowser(visitor.page, uniqueEmail("leaver"));
    const otherSession = await apiToken(account); // e.g. the CLI, signed in separately
    const old = await sessionCookie(visitor.context);
    assert.ok(old, "signed in");
    await visitor.page.goto(`${BASE}/dashboard`);
    await visitor.page.getByRole("button", { name: "Sign out" }).click();
    await visitor.page.waitForURL(/\/login\?reason=signed_out/);
    assert.equal(await sessionCookie(visitor.context), undefined, "the cookie is gone");
    const replayed = await fetch(`${BASE}/api/v1/auth/me`, { headers: { Cookie: `${old.name}=${old.value}` } });
    assert.equal(replayed.status, 401, "the old cookie no longer works through the web UI");
    const direct = await fetch(`${API}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${old.value}` } });
    assert.equal(direct.status, 401, "its token no longer works at the API");
    const other = await fetch(`${API}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${otherSession}` } });
    assert.equal(other.status, 200, "the user's other session is untouched");
    assert.deepEqual(visitor.problems, []);
    await visitor.context.close();
  });
});
