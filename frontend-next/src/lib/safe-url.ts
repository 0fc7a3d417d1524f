/**
 * URLs we did not write: links from model output, search results and learners, and the
 * `?next=` target after signing in. The question "where does this go?" is answered the way the
 * browser answers it: by resolving with the WHATWG URL parser (`new URL`), which drops tabs and
 * newlines, reads `\` as `/` and `//host` as another site. String prefix checks cannot keep up
 * with that parser (`/\tevil.example` and `/\evil.example` both leave the site), so nothing
 * here looks at prefixes. docs/web.md, "Security".
 */
const LINK_SCHEMES = new Set(["http:", "https:", "mailto:"]);
const EXTERNAL_SCHEMES = new Set(["http:", "https:"]);

// A stand-in for the site's own origin (".invalid" never resolves). Resolving against it tells
// whether a relative reference stays on whatever site serves the page; a deep base path makes
// `../..` references resolve too.
const SITE = "https://waymark.invalid";
const SITE_PAGE = `${SITE}/a/b/c/page`;

// C0 and C1 controls: no honest link holds one, and browsers drop some of them silently.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function absolute(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function resolved(url: string): URL | null {
  try {
    return new URL(url, SITE_PAGE);
  } catch {
    return null;
  }
}

/**
 * A Markdown link target we may render: absolute http(s) or mailto, or a relative reference that
 * stays on this site. Anything else (javascript:, data:, vbscript:, file:, a protocol-relative
 * `//host`, `/\host`, `\\host`, controls) is refused: the link renders as plain text.
 */
export function safeLinkUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  const trimmed = url.trim();
  if (!trimmed || CONTROL.test(trimmed)) return null;
  const own = absolute(trimmed);
  if (own) return LINK_SCHEMES.has(own.protocol) ? trimmed : null;
  // no scheme of its own: relative, and it must resolve to the page's own site
  const target = resolved(trimmed);
  return target && target.origin === SITE ? trimmed : null;
}

/** A resource link: absolute http(s) only. */
export function safeExternalUrl(url: string | null | undefined): string | null {
  const parsed = url ? absolute(url.trim()) : null;
  return parsed && EXTERNAL_SCHEMES.has(parsed.protocol) ? parsed.href : null;
}

/** The host to show on a resource card ("docs.python.org"), or null. */
export function domainOf(url: string | null | undefined): string | null {
  const safe = safeExternalUrl(url);
  return safe ? new URL(safe).hostname.replace(/^www\./, "") : null;
}

const AUTH_PAGES = new Set(["/login", "/register"]);

/**
 * Where to go after signing in: a path on this site (its pathname, search and hash as the URL
 * parser reads them), else `fallback`. Never another origin, never back to a sign-in page.
 */
export function safeNext(next: string | null | undefined, fallback = "/dashboard"): string {
  if (!next || !next.startsWith("/")) return fallback;
  let target: URL;
  try {
    target = new URL(next, SITE);
  } catch {
    return fallback;
  }
  if (target.origin !== SITE || AUTH_PAGES.has(target.pathname)) return fallback;
  return `${target.pathname}${target.search}${target.hash}`;
}
