"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect } from "react";
import { fetchJson } from "@/client/api";
import { usePageTitle } from "@/client/document-title";
import { Button, buttonClass } from "@/components/ui/button";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { asFramework } from "@/lib/framework";
import { Markdown } from "./markdown";
import { ResourceCards } from "./resource-cards";

type ExportedConcept = { concept_id: string; title: string; tutorial: Record<string, unknown> | null; resources: Record<string, unknown> | null; quiz: { questions?: { question?: unknown; options?: unknown }[] } | null };
type Exported = { id: string; framework: unknown; concepts: ExportedConcept[] };

/**
 * The whole roadmap on one page for printing or saving as PDF: every stage, every concept's
 * tutorial, resources and quiz questions (never the answers), from the API's JSON export.
 */
export function PrintView({ roadmapId, autoPrint }: { roadmapId: string; autoPrint: boolean }) {
  const exported = useQuery({ queryKey: ["export", roadmapId], queryFn: () => fetchJson<Exported>(`/api/v1/roadmaps/${roadmapId}/export?format=json`) });
  const framework = exported.data ? asFramework(exported.data.framework) : null;
  usePageTitle(framework ? `Print: ${framework.title}` : null);
  const ready = exported.isSuccess;
  useEffect(() => {
    if (!ready || !autoPrint) return;
    const timer = setTimeout(() => window.print(), 600); // diagrams and highlighting settle first
    return () => clearTimeout(timer);
  }, [ready, autoPrint]);

  if (exported.isPending) return <LoadingState label="Preparing the whole roadmap…" />;
  if (exported.isError || !framework) return <ErrorState error={exported.error} onRetry={() => exported.refetch()} />;
  const byId = new Map(exported.data.concepts.map((c) => [c.concept_id, c]));
  return (
    <article className="space-y-6" data-testid="print-view">
      <div className="no-print flex flex-wrap items-center gap-2">
        <Button onClick={() => window.print()}>Print / save as PDF</Button>
        <Link href={`/roadmaps/${roadmapId}`} className={buttonClass("ghost")}>
          Back to the roadmap
        </Link>
      </div>
      <header>
        <h1 className="text-2xl font-semibold break-words">{framework.title}</h1>
        {framework.summary ? <p className="mt-2 text-slate-700">{framework.summary}</p> : null}
      </header>
      {framework.stages.map((stage) => (
        <section key={stage.stage_id} className="space-y-4">
          <h2 className="text-xl font-semibold">{stage.title}</h2>
          {stage.modules.flatMap((group) => group.concepts).map((concept) => {
            const body = byId.get(concept.concept_id);
            const markdown = body?.tutorial?.["body_markdown"];
            const questions = body?.quiz?.questions ?? [];
            return (
              <section key={concept.concept_id} className="print-break space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="print-concept">
                <h3 className="text-lg font-semibold">{concept.title}</h3>
                {typeof markdown === "string" ? <Markdown source={markdown} headingOffset={3} /> : <p className="text-sm text-slate-600">No tutorial yet.</p>}
                {body?.resources ? <ResourceCards body={body.resources} /> : null}
                {questions.length ? (
                  <div>
                    <h4 className="font-semibold">Check yourself</h4>
                    <ol className="mt-1 list-decimal space-y-1 pl-5 text-sm">
                      {questions.map((q, index) => (
                        <li key={index}>{String(q.question ?? "")}</li>
                      ))}
                    </ol>
                  </div>
                ) : null}
              </section>
            );
          })}
        </section>
      ))}
    </article>
  );
}
