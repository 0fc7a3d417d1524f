"use client";
import type { Root } from "hast";
import { toJsxRuntime } from "hast-util-to-jsx-runtime";
import { useEffect, useState } from "react";
import { Fragment, jsx, jsxs } from "react/jsx-runtime";
import { highlight } from "./highlighter";

/** A fenced code block: plain text at once, highlighted when shiki has loaded. */
export function CodeBlock({ code, language }: { code: string; language: string }) {
  const [tree, setTree] = useState<Root | null>(null);
  useEffect(() => {
    let live = true;
    highlight(code, language)
      .then((result) => live && setTree(result))
      .catch(() => undefined); // unhighlighted text is a fine fallback
    return () => {
      live = false;
    };
  }, [code, language]);
  if (tree) return <div data-language={language}>{toJsxRuntime(tree, { Fragment, jsx, jsxs })}</div>;
  return (
    <pre data-language={language}>
      <code>{code}</code>
    </pre>
  );
}
