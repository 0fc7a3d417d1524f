import type { Metadata } from "next";
import type { SharedRoadmap } from "@/api/types";
import { Markdown } from "@/components/learn/markdown";
import { ResourceCards } from "@/components/learn/resource-cards";
import { asFramework } from "@/lib/framework";
import { upstream } from "@/server/upstream";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Shared roadmap", robots: { index: false } };

type Loaded = { roadmap: SharedRoadmap } | { problem: "not_found" | "unavailable" | "rate_limited"; retryAfter?: string | null };

async function load(slug: string): Promise<Loaded> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(slug)) return { problem: "not_found" };
  try {
    const answer = await upstream(`/api/v1/shared/${slug}`);
    if (answer.status === 404) return { problem: "not_found" };
    if (answer.status === 429) return { problem: "rate_limited", retryAfter: answer.headers.get("retry-after") };
    if (!answer.ok) return { problem: "unavailable" };
    return { roadmap: (await answer.json()) as SharedRoadmap };
  } catch {
    return { problem: "unavailable" };
  }
}

const PROBLEMS = {
  not_found: { title: "Not found", text: "This shared roadmap does not exist, or its owner revoked the link." },
  unavailable: { title: "Waymark is unreachable", text: "The API did not answer. Try again in a moment." },
  rate_limited: { title: "Slow down", text: "Too many requests from your address." },
};

/** The public, read-only view of a shared roadmap: works logged out, rendered on the server. */
export default async function SharedRoadmapPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const loaded = await load(slug);
  if ("problem" in loaded) {
    const problem = PROBLEMS[loaded.problem];
    return (
      <div role="alert" data-testid="error-state" className="rounded-lg border border-slate-200 bg-white p-6">
        <h1 className="text-xl font-semibold">{problem.title}</h1>
        <p className="mt-2 text-slate-600">
          {problem.text}
          {loaded.problem === "rate_limited" && loaded.retryAfter ? ` Try again in ${loaded.retryAfter} seconds.` : ""}
        </p>
      </div>
    );
  }
  const { roadmap } = loaded;
  const framework = asFramework(roadmap.framework);
  const content = new Map(roadmap.concepts.map((c) => [c.concept_id, c]));
  return (
    <article className="space-y-6" data-testid="shared-roadmap">
      <header>
        <p className="text-xs tracking-wide text-slate-500 uppercase">Shared roadmap · read only</p>
        <h1 className="text-2xl font-semibold break-words">{roadmap.title}</h1>
        {roadmap.summary ? <p className="mt-2 text-slate-700">{roadmap.summary}</p> : null}
      </header>
      <nav aria-label="Contents" className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <ol className="list-decimal space-y-1 pl-5">
          {framework.stages.map((stage) => (
            <li key={stage.stage_id}>
              {stage.title}
              <ul className="list-disc pl-5 text-slate-700">
                {stage.modules.flatMap((m) => m.concepts).map((concept) => (
                  <li key={concept.concept_id}>
                    <a href={`#concept-${concept.concept_id}`} className="text-brand-700 hover:underline">
                      {concept.title}
                    </a>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      </nav>
      {framework.stages.map((stage) => (
        <section key={stage.stage_id} className="space-y-4">
          <h2 className="text-xl font-semibold">{stage.title}</h2>
          {stage.modules.flatMap((m) => m.concepts).map((concept) => {
            const shared = content.get(concept.concept_id);
            const markdown = shared?.tutorial?.["body_markdown"];
            return (
              <section key={concept.concept_id} id={`concept-${concept.concept_id}`} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 print-break">
                <h3 className="text-lg font-semibold">{concept.title}</h3>
                {typeof markdown === "string" ? <Markdown source={markdown} headingOffset={3} /> : <p className="text-sm text-slate-600">No tutorial yet.</p>}
                {shared?.resources ? <ResourceCards body={shared.resources} /> : null}
              </section>
            );
          })}
        </section>
      ))}
    </article>
  );
}
