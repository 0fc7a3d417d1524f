import Link from "next/link";
import { STATE_LABELS, STATE_MARKS } from "@/lib/concept-state";
import { STATE_TONES } from "./styles";
import type { MapProps } from "./types";

/** The map's accessible twin: the same concepts, states and links as nested lists. */
export function ConceptList({ framework, states, notes, current, hrefFor, onOpen }: MapProps) {
  return (
    <ol className="space-y-3 text-sm" data-testid="roadmap-list" aria-label="Roadmap as a list">
      {framework.stages.map((stage) => (
        <li key={stage.stage_id}>
          <p className="font-semibold text-slate-800">{stage.title}</p>
          <ol className="mt-1 space-y-2 pl-3">
            {stage.modules.map((group) => (
              <li key={group.module_id}>
                <p className="text-xs font-medium tracking-wide text-slate-600 uppercase">{group.title}</p>
                <ol className="mt-1 flex flex-wrap gap-1.5">
                  {group.concepts.map((concept) => {
                    const state = states.get(concept.concept_id) ?? "not_started";
                    const note = notes?.get(concept.concept_id);
                    const body = (
                      <>
                        <span aria-hidden>{STATE_MARKS[state]}</span>
                        <span className="min-w-0 break-words">{concept.title}</span>
                        <span className="sr-only">
                          {" "}
                          ({STATE_LABELS[state]}
                          {note ? `, ${note}` : ""})
                        </span>
                        {note ? (
                          <span aria-hidden className="rounded bg-black/10 px-1 text-xs">
                            {note}
                          </span>
                        ) : null}
                      </>
                    );
                    const className = `flex max-w-full items-center gap-1.5 rounded-md border px-2 py-1 ${STATE_TONES[state]} ${current === concept.concept_id ? "ring-2 ring-brand-500" : ""}`;
                    return (
                      <li key={concept.concept_id} data-concept-id={concept.concept_id} data-state={state} className="max-w-full">
                        {hrefFor ? (
                          <Link href={hrefFor(concept.concept_id)} className={className} aria-current={current === concept.concept_id ? "page" : undefined}>
                            {body}
                          </Link>
                        ) : onOpen ? (
                          <button type="button" className={className} onClick={() => onOpen(concept.concept_id)}>
                            {body}
                          </button>
                        ) : (
                          <span className={className}>{body}</span>
                        )}
                      </li>
                    );
                  })}
                </ol>
              </li>
            ))}
          </ol>
        </li>
      ))}
    </ol>
  );
}
