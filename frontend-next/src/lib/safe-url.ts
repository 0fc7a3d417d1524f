/**
 * Links from model output, search results and learners: only these schemes become live links.
 * Everything else (javascript:, data:, vbscript:, file:, …) renders as plain text.
 */
const LINK_SCHEMES = new Set(["http:", "https:", "mailto:"]);
const EXTERNAL_SCHEMES = new Set(["http:", "https:"]);

function schemeOf(url: string): string | null {
  // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:"): so do we.
  const compact = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(compact);
  return match ? `${match[1]!.toLowerCase()}:` : null;
}

/** A Markdown link target we may render: http(s), mailto, or relative (no scheme). */
export function safeLinkUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  const trimmed = url.trim();
  if (trimmed.startsWith("//")) return null; // protocol-relative: another host in disguise
  const scheme = schemeOf(trimmed);
  if (scheme === null) return /[\u0000-\u001f]/.test(trimmed) ? null : trimmed;
  return LINK_SCHEMES.has(scheme) ? trimmed : null;
}

/** A resource link: absolute http(s) only. */
export function safeExternalUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url.trim());
    return EXTERNAL_SCHEMES.has(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
}

/** The host to show on a resource card ("docs.python.org"), or null. */
export function domainOf(url: string | null | undefined): string | null {
  const safe = safeExternalUrl(url);
  return safe ? new URL(safe).hostname.replace(/^www\./, "") : null;
}
