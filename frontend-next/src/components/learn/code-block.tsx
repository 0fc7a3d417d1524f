"use client";
import type { Root } from "hast";
import { toJsxRuntime } from "hast-util-to-jsx-runtime";
import { useEffect, useState } from "react";
import { Fragment, jsx, jsxs } from "react/jsx-runtime";
import { highlight } from "./highlighter";

/** A fenced code block: plain text at once, highlighted when shiki has loaded; a button copies it. */
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
  return (
    <div className="group relative" data-code-block>
      <CopyButton code={code} />
      {tree ? (
        <div data-language={language}>{toJsxRuntime(tree, { Fragment, jsx, jsxs })}</div>
      ) : (
        // focusable, as shiki's own <pre> is: a wide block scrolls sideways by keyboard too
        <pre data-language={language} tabIndex={0}>
          <code>{code}</code>
        </pre>
      )}
    </div>
  );
}

function CopyButton({ code }: { code: string }) {
  const [copied, setCopied] = useState<"idle" | "done" | "failed">("idle");
  useEffect(() => {
    if (copied === "idle") return;
    const timer = setTimeout(() => setCopied("idle"), 2_000);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied("done");
    } catch {
      setCopied("failed");
    }
  };
  return (
    <button
      type="button"
      onClick={copy}
      className="no-print absolute top-2 right-2 z-10 rounded border border-slate-500 bg-slate-800 px-2 py-0.5 text-xs text-slate-100 hover:bg-slate-700"
      data-testid="copy-code"
    >
      <span aria-live="polite">{copied === "done" ? "Copied" : copied === "failed" ? "Copy failed" : "Copy"}</span>
      <span className="sr-only"> code</span>
    </button>
  );
}
