"use client";
import type { Concept, Difficulty, RoadmapFramework } from "@/api/types";
import { Field, Select, TextArea, TextInput } from "@/components/ui/field";
import { type ConceptFields, type ConceptPath, earlierConcepts, pathKey } from "@/lib/framework";

/** Hours, difficulty, description and prerequisites of one concept (prerequisites: earlier concepts only). */
export function ConceptDetails({ framework, path, concept, onChange }: { framework: RoadmapFramework; path: ConceptPath; concept: Concept; onChange: (fields: ConceptFields) => void }) {
  const id = pathKey(path);
  const earlier = earlierConcepts(framework, path);
  const chosen = new Set(concept.prerequisites ?? []);
  const stale = [...chosen].filter((p) => !earlier.some((c) => c.concept_id === p));
  const toggle = (prerequisite: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(prerequisite);
    else next.delete(prerequisite);
    onChange({ prerequisites: [...next] });
  };
  return (
    <div className="mt-2 grid gap-3 rounded-md bg-slate-50 p-3 sm:grid-cols-2">
      <Field id={`${id}-hours`} label="Hours">
        <TextInput
          id={`${id}-hours`}
          type="number"
          min={0.5}
          max={200}
          step={0.5}
          value={Number.isFinite(concept.estimated_hours) ? concept.estimated_hours : ""}
          onChange={(event) => onChange({ estimated_hours: event.target.valueAsNumber })}
        />
      </Field>
      <Field id={`${id}-difficulty`} label="Difficulty">
        <Select id={`${id}-difficulty`} value={concept.difficulty ?? "medium"} onChange={(event) => onChange({ difficulty: event.target.value as Difficulty })}>
          <option value="easy">Easy</option>
          <option value="medium">Medium</option>
          <option value="hard">Hard</option>
        </Select>
      </Field>
      <div className="sm:col-span-2">
        <Field id={`${id}-description`} label="Description">
          <TextArea id={`${id}-description`} rows={2} maxLength={2000} value={concept.description ?? ""} onChange={(event) => onChange({ description: event.target.value })} />
        </Field>
      </div>
      <fieldset className="sm:col-span-2">
        <legend className="text-sm font-medium text-slate-800">Prerequisites (earlier concepts)</legend>
        {earlier.length === 0 ? <p className="text-xs text-slate-500">This is the first concept: nothing comes before it.</p> : null}
        <div className="mt-1 flex max-h-40 flex-col gap-1 overflow-y-auto">
          {earlier.map((candidate) => (
            <label key={candidate.concept_id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" className="h-4 w-4" checked={chosen.has(candidate.concept_id)} onChange={(event) => toggle(candidate.concept_id, event.target.checked)} />
              {candidate.title}
            </label>
          ))}
          {stale.map((prerequisite) => (
            <label key={prerequisite} className="flex items-center gap-2 text-sm text-red-700">
              <input type="checkbox" className="h-4 w-4" checked onChange={() => toggle(prerequisite, false)} />
              {prerequisite} (not earlier: untick to fix)
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
