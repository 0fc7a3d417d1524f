import type { Root } from "hast";
import type { HighlighterCore } from "shiki/core";

/**
 * Shiki with a fixed set of languages and the JavaScript regex engine (no WebAssembly),
 * loaded on first use. Code arrives here as text from the sanitized Markdown tree and
 * leaves as a hast tree: no HTML string is ever injected.
 */
const LANGUAGES = {
  python: () => import("@shikijs/langs/python"),
  rust: () => import("@shikijs/langs/rust"),
  javascript: () => import("@shikijs/langs/javascript"),
  typescript: () => import("@shikijs/langs/typescript"),
  bash: () => import("@shikijs/langs/bash"),
  json: () => import("@shikijs/langs/json"),
  go: () => import("@shikijs/langs/go"),
  java: () => import("@shikijs/langs/java"),
  c: () => import("@shikijs/langs/c"),
  cpp: () => import("@shikijs/langs/cpp"),
  sql: () => import("@shikijs/langs/sql"),
  yaml: () => import("@shikijs/langs/yaml"),
  toml: () => import("@shikijs/langs/toml"),
} as const;
type Language = keyof typeof LANGUAGES;

const ALIASES: Record<string, Language> = { py: "python", rs: "rust", js: "javascript", ts: "typescript", sh: "bash", shell: "bash", console: "bash", yml: "yaml", "c++": "cpp" };
const THEME = "github-dark-default"; // comments at 6:1 contrast (github-dark has them at 3:1)

let highlighter: Promise<HighlighterCore> | null = null;
const loaded = new Set<Language>();

function languageOf(name: string): Language | null {
  const lower = name.toLowerCase();
  if (lower in LANGUAGES) return lower as Language;
  return ALIASES[lower] ?? null;
}

async function instance(): Promise<HighlighterCore> {
  highlighter ??= (async () => {
    const [{ createHighlighterCore }, { createJavaScriptRegexEngine }] = await Promise.all([import("shiki/core"), import("shiki/engine/javascript")]);
    return createHighlighterCore({ themes: [import("@shikijs/themes/github-dark-default")], langs: [], engine: createJavaScriptRegexEngine() });
  })();
  return highlighter;
}

/** The code as a highlighted hast tree, or null for a language we do not load. */
export async function highlight(code: string, language: string): Promise<Root | null> {
  const lang = languageOf(language);
  if (!lang) return null;
  const shiki = await instance();
  if (!loaded.has(lang)) {
    await shiki.loadLanguage((await LANGUAGES[lang]()).default);
    loaded.add(lang);
  }
  return shiki.codeToHast(code, { lang, theme: THEME });
}
