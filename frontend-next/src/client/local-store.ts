"use client";
/**
 * The one door to the browser's localStorage: review drafts and small preferences, never the
 * session (the token lives in an httpOnly cookie; ESLint forbids the storages everywhere else).
 * Every call survives a browser that refuses storage (private mode, quota): it just forgets.
 */
export function readLocal(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeLocal(key: string, value: string): boolean {
  try {
    localStorage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

export function removeLocal(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    /* nothing stored, nothing to remove */
  }
}
