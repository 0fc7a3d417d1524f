/**
 * Undo and redo, step by step: every edit is a step, except that typing into the same field
 * within `COALESCE_MS` of the last keystroke stays one step (undo takes back the word, not
 * each letter). Pure: every call returns a new history.
 */
export const COALESCE_MS = 1_000;
const LIMIT = 200;

export type History<T> = { past: readonly T[]; present: T; future: readonly T[]; group: string | null; at: number };

export function startHistory<T>(present: T): History<T> {
  return { past: [], present, future: [], group: null, at: 0 };
}

export function record<T>(history: History<T>, next: T, group: string | null = null, now = Date.now()): History<T> {
  if (next === history.present) return history;
  const coalesce = group !== null && group === history.group && now - history.at <= COALESCE_MS;
  if (coalesce) return { ...history, present: next, future: [], at: now };
  return { past: [...history.past, history.present].slice(-LIMIT), present: next, future: [], group, at: now };
}

export function undo<T>(history: History<T>): History<T> {
  const previous = history.past[history.past.length - 1];
  if (previous === undefined) return history;
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future], group: null, at: 0 };
}

export function redo<T>(history: History<T>): History<T> {
  const [next, ...rest] = history.future;
  if (next === undefined) return history;
  return { past: [...history.past, history.present], present: next, future: rest, group: null, at: 0 };
}
