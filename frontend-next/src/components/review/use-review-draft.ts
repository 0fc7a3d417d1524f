"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import type { RoadmapFramework } from "@/api/types";
import { readLocal, removeLocal, writeLocal } from "@/client/local-store";
import { draftKey, fingerprint, readDraft, serializeDraft } from "@/lib/draft";
import { type History, record, redo, startHistory, undo } from "@/lib/history";

const SAVE_AFTER_MS = 300;
export const LEAVE_QUESTION = "Leave the review? Your edits are kept in this browser, but the decision has not been sent.";

/** A plain click on a link to another page of this site (not a new tab, a download or this page). */
function leavesThePage(event: MouseEvent): boolean {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
  if (!(link instanceof HTMLAnchorElement) || (link.target && link.target !== "_self") || link.hasAttribute("download")) return false;
  const to = new URL(link.href, window.location.href);
  return to.origin === window.location.origin && (to.pathname !== window.location.pathname || to.search !== window.location.search);
}

/**
 * The learner's draft of a proposal: edits with undo/redo, saved in this browser as they are
 * made (keyed by user and task), restored after a reload or a new sign-in, cleared once the
 * decision is sent. `dirty` says there is something the API has not received yet.
 */
export function useReviewDraft({ userId, taskId, round, proposal }: { userId: string; taskId: string; round: number; proposal: RoadmapFramework }) {
  const key = draftKey(userId, taskId);
  const [restored] = useState(() => readDraft(readLocal(key), round, proposal));
  const [history, setHistory] = useState<History<RoadmapFramework>>(() => startHistory(restored?.framework ?? proposal));
  const [feedback, setFeedback] = useState(restored?.feedback ?? "");
  const [restoredAt, setRestoredAt] = useState<number | null>(restored && restored.framework !== proposal ? restored.savedAt : null);
  const [sent, setSent] = useState(false);
  const draft = history.present;
  const dirty = !sent && (draft !== proposal || feedback.trim() !== "");

  // The newest edit's save, until it has run: saved a moment after the last edit, and at once
  // if the learner leaves first (a page that unloads, or this view unmounted by a link) — a
  // pending save is never dropped.
  const pendingSave = useRef<(() => void) | null>(null);
  useEffect(() => {
    if (sent) {
      pendingSave.current = null;
      return;
    }
    const save = () => {
      pendingSave.current = null;
      if (draft === proposal && !feedback.trim()) removeLocal(key);
      else writeLocal(key, serializeDraft({ round, proposal: fingerprint(proposal), framework: draft, feedback, savedAt: Date.now() }));
    };
    pendingSave.current = save;
    const timer = setTimeout(save, SAVE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [key, round, proposal, draft, feedback, sent]);
  useEffect(() => {
    const flush = () => pendingSave.current?.();
    window.addEventListener("pagehide", flush);
    return () => {
      window.removeEventListener("pagehide", flush);
      flush();
    };
  }, []);

  // leaving with edits the API has not received asks first
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = ""; // older browsers need it set
    };
    // a link inside the app navigates without unloading the page: it asks too
    const askBeforeFollowing = (event: MouseEvent) => {
      if (!leavesThePage(event)) return;
      if (window.confirm(LEAVE_QUESTION)) return;
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener("beforeunload", warn);
    document.addEventListener("click", askBeforeFollowing, true);
    return () => {
      window.removeEventListener("beforeunload", warn);
      document.removeEventListener("click", askBeforeFollowing, true);
    };
  }, [dirty]);

  const edit = useCallback((next: RoadmapFramework, group: string | null = null) => setHistory((h) => record(h, next, group)), []);
  const discard = useCallback(() => {
    pendingSave.current = null;
    removeLocal(key);
    setHistory((h) => record(h, proposal));
    setFeedback("");
    setRestoredAt(null);
  }, [key, proposal]);
  /** The decision went out: nothing left to keep. */
  const markSent = useCallback(() => {
    pendingSave.current = null;
    setSent(true);
    removeLocal(key);
  }, [key]);

  return {
    draft,
    feedback,
    setFeedback,
    edit,
    undo: useCallback(() => setHistory(undo), []),
    redo: useCallback(() => setHistory(redo), []),
    canUndo: history.past.length > 0,
    canRedo: history.future.length > 0,
    dirty,
    restoredAt,
    discard,
    markSent,
  };
}
