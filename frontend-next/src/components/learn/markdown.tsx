"use client";
import dynamic from "next/dynamic";
import type { ReactNode } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";
import remarkGfm from "remark-gfm";
import { safeLinkUrl } from "@/lib/safe-url";
import { CodeBlock } from "./code-block";

// mermaid is large: its component (and the library) load only where a diagram appears
const MermaidBlock = dynamic(() => import("./mermaid-block").then((m) => m.MermaidBlock), {
  ssr: false,
  loading: () => <p className="text-sm text-slate-500">Drawing diagram…</p>,
});

/** GitHub's sanitize schema, keeping the language class on code (for highlighting) and nothing else extra. */
const SCHEMA = {
  ...defaultSchema,
  attributes: { ...defaultSchema.attributes, code: [["className", /^language-[\w+-]+$/]] },
  protocols: { href: ["http", "https", "mailto"] },
};

type MdNode = { type: string; value?: string; children?: MdNode[] };

/** Raw HTML in Markdown becomes visible, inert text: nothing is executed, nothing silently lost. */
function remarkHtmlAsText() {
  const visit = (node: MdNode) => {
    if (node.type === "html") node.type = "text";
    node.children?.forEach(visit);
  };
  return (tree: MdNode) => visit(tree);
}

function languageOf(className: string | undefined): string | null {
  return /language-([\w+-]+)/.exec(className ?? "")?.[1] ?? null;
}

function textOf(children: ReactNode): string {
  if (typeof children === "string") return children;
  if (Array.isArray(children)) return children.map(textOf).join("");
  return "";
}

type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;

type HeadingProps = { children?: ReactNode; node?: { position?: { start: { line: number } } } };

/**
 * Headings of the text sit below the page's own: `offset` levels down, at most h6. With
 * `sectionIds` (by source line), each heading carries the id the mentor cites it by.
 */
function headings(offset: number, sectionIds?: ReadonlyMap<number, string>): Components {
  const level = (n: number) => `h${Math.min(6, n + offset) as HeadingLevel}` as const;
  return Object.fromEntries(
    ([1, 2, 3, 4, 5, 6] as const).map((n) => {
      const Tag = level(n);
      return [
        `h${n}`,
        ({ children, node }: HeadingProps) => {
          const id = node?.position ? sectionIds?.get(node.position.start.line) : undefined;
          return id ? (
            <Tag id={id} data-section-id={id} tabIndex={-1} className="scroll-mt-20">
              {children}
            </Tag>
          ) : (
            <Tag>{children}</Tag>
          );
        },
      ];
    }),
  );
}

const COMPONENTS: Components = {
  a({ href, children }) {
    const safe = safeLinkUrl(href);
    if (!safe) return <span data-unsafe-link>{children}</span>;
    const external = /^https?:/i.test(safe);
    return (
      <a href={safe} {...(external ? { target: "_blank", rel: "noopener noreferrer nofollow" } : {})}>
        {children}
      </a>
    );
  },
  img({ alt }) {
    // no remote images from model text: no tracking pixels, no data: URLs
    return <span className="text-slate-500">[image: {alt ?? ""}]</span>;
  },
  pre({ children }) {
    return <>{children}</>;
  },
  code({ className, children }) {
    const language = languageOf(className);
    const code = textOf(children).replace(/\n$/, "");
    if (!language && !code.includes("\n")) return <code>{children}</code>;
    if (language === "mermaid") return <MermaidBlock source={code} />;
    return <CodeBlock code={code} language={language ?? "text"} />;
  },
};

/**
 * Markdown from models, search results or learners: GFM, raw HTML shown as text, sanitized,
 * links only http(s)/mailto/relative, then code highlighted and diagrams drawn.
 */
export function Markdown({ source, headingOffset = 1, sectionIds }: { source: string; headingOffset?: number; sectionIds?: ReadonlyMap<number, string> }) {
  const intro = sectionIds?.get(0);
  return (
    <div className="prose-tutorial" {...(intro ? { id: intro, "data-section-id": intro, tabIndex: -1 } : {})}>
      <ReactMarkdown remarkPlugins={[remarkGfm, remarkHtmlAsText]} rehypePlugins={[[rehypeSanitize, SCHEMA]]} urlTransform={(url) => safeLinkUrl(url) ?? ""} components={{ ...headings(headingOffset, sectionIds), ...COMPONENTS }}>
        {source}
      </ReactMarkdown>
    </div>
  );
}
