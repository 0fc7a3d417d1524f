import type { RoadmapFramework } from "@/api/types";
import { asFramework } from "./framework";

/**
 * A review draft kept in the browser while the learner edits, so a reload, a crash or an
 * expired session loses nothing. Keyed by user and task; it only applies to the proposal it was
 * made from (same round, same proposal), so a new proposal never receives a stale draft.
 */
export type StoredDraft = { v: 1; round: number; proposal: string; framework: RoadmapFramework; feedback: string; savedAt: number };

export function draftKey(userId: string, taskId: string): string {
  return `waymark:review-draft:v1:${userId}:${taskId}`;
}

/** A short fingerprint of the proposal (FNV-1a over its JSON). */
export function fingerprint(value: unknown): string {
  const text = JSON.stringify(value);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${text.length}-${(hash >>> 0).toString(36)}`;
}

export function serializeDraft(draft: Omit<StoredDraft, "v">): string {
  return JSON.stringify({ v: 1, ...draft });
}

/** The stored draft when it belongs to this proposal; null when absent, stale or unreadable. */
export function readDraft(raw: string | null, round: number, proposal: RoadmapFramework): StoredDraft | null {
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<StoredDraft>;
    if (parsed.v !== 1 || parsed.round !== round || parsed.proposal !== fingerprint(proposal)) return null;
    return { v: 1, round, proposal: parsed.proposal, framework: asFramework(parsed.framework), feedback: typeof parsed.feedback === "string" ? parsed.feedback : "", savedAt: Number(parsed.savedAt) || 0 };
  } catch {
    return null;
  }
}
