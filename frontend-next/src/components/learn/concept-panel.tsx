"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Tabs } from "radix-ui";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import type { ConceptDetail, ContentType } from "@/api/types";
import { api, unwrap } from "@/client/api";
import { TERMINAL_STATUSES } from "@/lib/pipeline";
import { sectionIdsByLine } from "@/lib/sections";
import { Button } from "@/components/ui/button";
import { ErrorState, InlineError, LoadingState } from "@/components/ui/states";
import { CITE_EVENT } from "./cite";
import { Markdown } from "./markdown";
import { MasteryPanel } from "./mastery-panel";
import { Quiz } from "./quiz";
import { RegenerateButton, RegenerationNotice } from "./regenerate";
import { REGENERATION_EVENT } from "./regeneration-event";
import { ResourceCards } from "./resource-cards";
import { VersionCompare } from "./version-compare";

const TAB = "rounded-t-md border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-600 data-[state=active]:border-brand-600 data-[state=active]:text-brand-700";

function busy(detail: ConceptDetail | undefined): boolean {
  return [detail?.tutorial, detail?.resources, detail?.quiz].some((c) => c?.status === "generating" || c?.status === "pending");
}

/** The concept shown last in this tab (module scope: it outlives the panel, not a full load). */
let shown: { roadmapId: string; conceptId: string } | null = null;

/** One concept: tutorial, resources, quiz, completion, regeneration and version comparison. */
export function ConceptPanel({ roadmapId, conceptId, next, testedOut = false }: { roadmapId: string; conceptId: string; next?: { href: string; title: string }; testedOut?: boolean }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const heading = useRef<HTMLHeadingElement>(null);
  const [regenerating, setRegenerating] = useState<string | null>(null);
  const [compareType, setCompareType] = useState<ContentType>("tutorial");
  const [tab, setTab] = useState("tutorial");
  const [cited, setCited] = useState<{ id: string; at: number } | null>(null);
  const detail = useQuery({
    queryKey: ["concept", roadmapId, conceptId],
    queryFn: () => unwrap(api.GET("/api/v1/roadmaps/{roadmap_id}/concepts/{concept_id}", { params: { path: { roadmap_id: roadmapId, concept_id: conceptId } } })),
    refetchInterval: (query) => (regenerating || busy(query.state.data) ? 2_000 : false),
  });
  const progress = useMutation({
    mutationFn: ({ completed }: { completed: boolean; thenNext?: boolean }) =>
      unwrap(api.PUT("/api/v1/roadmaps/{roadmap_id}/concepts/{concept_id}/progress", { params: { path: { roadmap_id: roadmapId, concept_id: conceptId } }, body: { completed } })),
    onSuccess: (_, { thenNext }) => {
      if (thenNext && next) router.push(next.href);
      void queryClient.invalidateQueries({ queryKey: ["concept", roadmapId, conceptId] });
      void queryClient.invalidateQueries({ queryKey: ["roadmap", roadmapId] });
      void queryClient.invalidateQueries({ queryKey: ["roadmaps"] });
    },
  });

  // a tested-out concept's content, asked for after all: a regeneration of every type
  const askContent = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/roadmaps/{roadmap_id}/concepts/{concept_id}/regenerate", {
          params: { path: { roadmap_id: roadmapId, concept_id: conceptId } },
          body: { content_types: ["tutorial", "resources", "quiz"] },
        }),
      ),
    onSuccess: (accepted) => setRegenerating(accepted.task_id),
  });

  // follow the regenerate task until it ends, then show the new versions
  useQuery({
    queryKey: ["task", regenerating],
    queryFn: async () => {
      const task = await unwrap(api.GET("/api/v1/tasks/{task_id}", { params: { path: { task_id: regenerating! } } }));
      if (TERMINAL_STATUSES.has(task.status)) {
        setRegenerating(null);
        for (const key of [["concept", roadmapId, conceptId], ["versions", roadmapId, conceptId], ["roadmap", roadmapId]]) {
          void queryClient.invalidateQueries({ queryKey: key });
        }
      }
      return task;
    },
    enabled: regenerating !== null,
    refetchInterval: 1_500,
  });

  // moving to another concept of the roadmap puts focus on its title (not on a page's first load)
  const loaded = detail.isSuccess;
  useEffect(() => {
    if (!loaded) return;
    if (shown && shown.roadmapId === roadmapId && shown.conceptId !== conceptId) heading.current?.focus();
    shown = { roadmapId, conceptId };
  }, [loaded, roadmapId, conceptId]);

  // a regeneration the mentor proposed and the learner accepted: followed like one started here
  useEffect(() => {
    const onStarted = (event: Event) => setRegenerating((event as CustomEvent<string>).detail);
    window.addEventListener(REGENERATION_EVENT, onStarted);
    return () => window.removeEventListener(REGENERATION_EVENT, onStarted);
  }, []);

  // a mentor citation: show its tab, then scroll to and highlight what it names
  useEffect(() => {
    const onCite = (event: Event) => {
      const id = (event as CustomEvent<string>).detail;
      setTab(id.startsWith("res-") ? "resources" : id.startsWith("quiz-") ? "quiz" : "tutorial");
      setCited({ id, at: Date.now() });
    };
    window.addEventListener(CITE_EVENT, onCite);
    return () => window.removeEventListener(CITE_EVENT, onCite);
  }, []);
  useEffect(() => {
    if (!cited?.id.startsWith("sec-")) return;
    const frame = requestAnimationFrame(() => {
      const target = document.getElementById(cited.id);
      if (!target) return;
      document.querySelectorAll("[data-cited]").forEach((el) => el.removeAttribute("data-cited"));
      target.setAttribute("data-cited", "true");
      target.scrollIntoView({ block: "start" });
      target.focus({ preventScroll: true });
    });
    return () => cancelAnimationFrame(frame);
  }, [cited]);
  const tutorialMarkdown = String(detail.data?.tutorial.body?.["body_markdown"] ?? "");
  const sectionIds = useMemo(() => sectionIdsByLine(tutorialMarkdown), [tutorialMarkdown]);

  if (detail.isPending) return <LoadingState label="Loading the concept…" />;
  if (detail.isError) return <ErrorState error={detail.error} onRetry={() => detail.refetch()} />;
  const data = detail.data;
  const description = typeof data.concept["description"] === "string" ? data.concept["description"] : "";
  const tutorial = data.tutorial.body;

  return (
    <article className="space-y-4" aria-labelledby="concept-title">
      <header className="space-y-2">
        <h2 id="concept-title" ref={heading} tabIndex={-1} className="text-xl font-semibold break-words focus:outline-none sm:text-2xl" data-testid="concept-title">
          {data.title}
        </h2>
        {description ? <p className="text-slate-700">{description}</p> : null}
        <div className="flex flex-wrap items-center gap-2 no-print">
          {!data.completed && next ? (
            <Button onClick={() => progress.mutate({ completed: true, thenNext: true })} disabled={progress.isPending} data-testid="complete-next">
              Complete and go to next
            </Button>
          ) : null}
          <Button variant={data.completed || next ? "secondary" : "primary"} onClick={() => progress.mutate({ completed: !data.completed })} disabled={progress.isPending} aria-pressed={data.completed} data-testid="complete-toggle">
            {data.completed ? "✓ Completed (undo)" : "Mark complete"}
          </Button>
          <RegenerateButton roadmapId={roadmapId} conceptId={conceptId} onStarted={setRegenerating} />
        </div>
        <InlineError error={progress.error} />
        {regenerating ? <RegenerationNotice taskId={regenerating} /> : null}
        {testedOut ? (
          <div className="rounded-md border border-brand-100 bg-brand-50 p-3 text-sm text-brand-700 no-print" data-testid="tested-out">
            <p>
              <span aria-hidden>★ </span>
              <strong>Tested out.</strong> Your placement check showed you know this, so its content was not generated. It stays in your roadmap.
            </p>
            {!data.tutorial.body && !regenerating ? (
              <Button variant="secondary" className="mt-2" onClick={() => askContent.mutate()} disabled={askContent.isPending}>
                Generate its content
              </Button>
            ) : null}
            <InlineError error={askContent.error} />
          </div>
        ) : null}
        <MasteryPanel roadmapId={roadmapId} conceptId={conceptId} />
      </header>

      <Tabs.Root value={tab} onValueChange={setTab}>
        <Tabs.List aria-label="Concept content" className="flex flex-wrap gap-1 border-b border-slate-200 no-print">
          <Tabs.Trigger value="tutorial" className={TAB}>
            Tutorial
          </Tabs.Trigger>
          <Tabs.Trigger value="resources" className={TAB}>
            Resources
          </Tabs.Trigger>
          <Tabs.Trigger value="quiz" className={TAB}>
            Quiz
          </Tabs.Trigger>
          <Tabs.Trigger value="versions" className={TAB}>
            Versions
          </Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="tutorial" className="pt-4">
          <ContentStatus label="Tutorial" state={data.tutorial} />
          {tutorial ? (
            <>
              {typeof tutorial["estimated_minutes"] === "number" ? <p className="mb-2 text-xs text-slate-500">About {tutorial["estimated_minutes"]} minutes</p> : null}
              <Markdown source={tutorialMarkdown} sectionIds={sectionIds} />
            </>
          ) : null}
        </Tabs.Content>
        <Tabs.Content value="resources" className="pt-4">
          <ContentStatus label="Resources" state={data.resources} />
          <ResourceCards body={data.resources.body} />
        </Tabs.Content>
        <Tabs.Content value="quiz" className="pt-4">
          <ContentStatus label="Quiz" state={data.quiz} />
          <Quiz key={data.quiz.version ?? 0} roadmapId={roadmapId} conceptId={conceptId} body={data.quiz.body} version={data.quiz.version} />
        </Tabs.Content>
        <Tabs.Content value="versions" className="space-y-3 pt-4">
          <label className="flex items-center gap-2 text-sm">
            Compare
            <select className="rounded border border-slate-300 px-2 py-1" value={compareType} onChange={(event) => setCompareType(event.target.value as ContentType)}>
              <option value="tutorial">Tutorial</option>
              <option value="resources">Resources</option>
              <option value="quiz">Quiz</option>
            </select>
          </label>
          <VersionCompare roadmapId={roadmapId} conceptId={conceptId} type={compareType} />
        </Tabs.Content>
      </Tabs.Root>
    </article>
  );
}

function ContentStatus({ label, state }: { label: string; state: ConceptDetail["tutorial"] }) {
  const text =
    state.status === null
      ? `${label} not generated for this roadmap.`
      : state.status === "completed"
        ? null
        : state.status === "failed"
          ? `${label} failed to generate; regenerate to try again.`
          : `${label} is being generated…`;
  return (
    <div className="mb-2 flex flex-wrap items-center gap-2 text-xs text-slate-500">
      {state.version ? <span data-testid={`${label.toLowerCase()}-version`}>Version {state.version}</span> : null}
      {text ? <span role="status">{text}</span> : null}
    </div>
  );
}
