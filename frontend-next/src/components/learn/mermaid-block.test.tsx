// @vitest-environment jsdom
import { act } from "react";
import { createRoot } from "react-dom/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MermaidBlock } from "./mermaid-block";

const mermaid = vi.hoisted(() => ({
  initialize: vi.fn(),
  parse: vi.fn(),
  render: vi.fn(),
}));
vi.mock("mermaid", () => ({ default: mermaid }));

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

async function mount(source: string): Promise<HTMLElement> {
  const host = document.createElement("div");
  document.body.append(host);
  await act(async () => {
    createRoot(host).render(<MermaidBlock source={source} />);
  });
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
  return host;
}

afterEach(() => {
  document.body.innerHTML = "";
  vi.clearAllMocks();
});

describe("MermaidBlock", () => {
  it("draws a valid diagram in strict security mode", async () => {
    mermaid.parse.mockResolvedValue(true);
    mermaid.render.mockResolvedValue({ svg: "<svg data-drawn></svg>" });
    const host = await mount("flowchart LR\n  A --> B");
    expect(mermaid.initialize).toHaveBeenCalledWith(expect.objectContaining({ securityLevel: "strict", startOnLoad: false }));
    expect(host.querySelector("[data-testid=mermaid-diagram] svg[data-drawn]")).not.toBeNull();
  });

  it("falls back to the source, as text, on a syntax error", async () => {
    mermaid.parse.mockRejectedValue(new Error("Parse error on line 2"));
    const source = "flowchart LR\n  A --> <img src=x onerror=alert(1)>";
    const host = await mount(source);
    const fallback = host.querySelector("[data-testid=mermaid-fallback]");
    expect(fallback?.querySelector("code")?.textContent).toBe(source);
    expect(fallback?.querySelector("img")).toBeNull();
    expect(mermaid.render).not.toHaveBeenCalled();
  });
});
