/**
 * The headers every page carries (set per request by src/proxy.ts). Pure functions, so the
 * policy is unit-tested as written. docs/web.md, "Security".
 *
 * - Scripts run only with this response's nonce ('strict-dynamic': a script the page trusts may
 *   load its chunks, e.g. mermaid and shiki on demand). No 'unsafe-inline' for scripts, and no
 *   'unsafe-eval' outside `next dev` (React uses eval there for its error overlays).
 * - Styles allow 'unsafe-inline': Mermaid draws its SVG with an inline <style>, and React renders
 *   style attributes. Styles cannot run code; learner- and model-written text never becomes markup.
 * - Outside local development: upgrade-insecure-requests, and HSTS (the site is served over TLS).
 */
export const NONCE_HEADER = "x-nonce";
export const PATH_HEADER = "x-waymark-path";
export const HSTS = "max-age=31536000";

export type PolicyOptions = { local: boolean; development: boolean };

export function contentSecurityPolicy(nonce: string, { local, development }: PolicyOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (!local) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** A fresh, unguessable nonce: 128 random bits, base64. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/** The page's own path and query (without Next's internal `_rsc`), for the login page's `next`. */
export function pageTarget(url: URL): string {
  const search = new URLSearchParams(url.search);
  search.delete("_rsc");
  const query = search.toString();
  return `${url.pathname}${query ? `?${query}` : ""}`;
}
