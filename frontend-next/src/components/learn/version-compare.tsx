"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { ContentType, ContentVersion } from "@/api/types";
import { api, unwrap } from "@/client/api";
import { Select } from "@/components/ui/field";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { Markdown } from "./markdown";
import { ResourceCards } from "./resource-cards";

/** Two versions of a concept's content side by side (after a regeneration). */
export function VersionCompare({ roadmapId, conceptId, type }: { roadmapId: string; conceptId: string; type: ContentType }) {
  const versions = useQuery({
    queryKey: ["versions", roadmapId, conceptId, type],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/roadmaps/{roadmap_id}/concepts/{concept_id}/versions/{content_type}", {
          params: { path: { roadmap_id: roadmapId, concept_id: conceptId, content_type: type } },
        }),
      ),
  });
  const [picked, setPicked] = useState<[number, number] | null>(null);
  if (versions.isPending) return <LoadingState label="Loading versions…" />;
  if (versions.isError) return <ErrorState error={versions.error} onRetry={() => versions.refetch()} />;
  const items = versions.data.items;
  if (items.length < 2) return <p className="text-sm text-slate-600">Only one version so far: regenerate to compare.</p>;
  const [newer, older] = picked ?? [items[0]!.version, items[1]!.version];
  const pick = (which: 0 | 1, value: number) => setPicked(which === 0 ? [value, older] : [newer, value]);
  return (
    <div className="grid gap-4 lg:grid-cols-2" data-testid="version-compare">
      {([older, newer] as const).map((version, column) => {
        const item = items.find((v) => v.version === version);
        return (
          <section key={column} aria-label={`Version ${version}`} className="min-w-0 rounded-lg border border-slate-200 bg-white p-3">
            <label className="flex items-center gap-2 text-sm">
              <span className="shrink-0">{column === 0 ? "Older" : "Newer"}</span>
              <Select value={version} onChange={(event) => pick(column === 0 ? 1 : 0, Number(event.target.value))} aria-label={column === 0 ? "Older version" : "Newer version"}>
                {items.map((v) => (
                  <option key={v.version} value={v.version}>
                    Version {v.version} · {v.status}
                  </option>
                ))}
              </Select>
            </label>
            {item?.instructions ? <p className="mt-2 text-xs text-slate-600">Instructions: “{item.instructions}”</p> : null}
            <div className="mt-3">{item ? <VersionBody type={type} body={item.body} /> : null}</div>
          </section>
        );
      })}
    </div>
  );
}

function VersionBody({ type, body }: { type: ContentType; body: ContentVersion["body"] }) {
  if (!body) return <p className="text-sm text-slate-600">No content in this version.</p>;
  if (type === "tutorial") return <Markdown source={String(body["body_markdown"] ?? "")} />;
  if (type === "resources") return <ResourceCards body={body} />;
  const questions = Array.isArray(body["questions"]) ? (body["questions"] as { prompt?: unknown }[]) : [];
  return (
    <ol className="list-decimal space-y-1 pl-5 text-sm">
      {questions.map((q, i) => (
        <li key={i}>{String(q.prompt ?? "")}</li>
      ))}
    </ol>
  );
}
