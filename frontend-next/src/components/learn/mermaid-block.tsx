"use client";
import { useEffect, useId, useState } from "react";

/**
 * A Mermaid diagram. Mermaid (large) is imported only when a diagram is on the page, runs in
 * strict security mode, and a diagram with a syntax error falls back to its source.
 */
export function MermaidBlock({ source }: { source: string }) {
  const id = useId().replace(/[^a-zA-Z0-9]/g, "");
  const [svg, setSvg] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    (async () => {
      const mermaid = (await import("mermaid")).default;
      mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral" });
      await mermaid.parse(source); // throws on a syntax error
      const { svg: rendered } = await mermaid.render(`mermaid-${id}`, source);
      if (live) setSvg(rendered);
    })().catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [source, id]);
  if (svg && !failed) {
    // Mermaid's own output in strict mode (labels escaped, no scripts, no click handlers).
    return <figure className="my-4 overflow-x-auto" data-testid="mermaid-diagram" dangerouslySetInnerHTML={{ __html: svg }} />;
  }
  return (
    <figure className="my-4" data-testid={failed ? "mermaid-fallback" : "mermaid-pending"}>
      <pre>
        <code>{source}</code>
      </pre>
      {failed ? <figcaption className="text-xs text-slate-500">This diagram could not be drawn; its source is shown instead.</figcaption> : null}
    </figure>
  );
}
