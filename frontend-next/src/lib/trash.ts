const DAY = 24 * 60 * 60 * 1000;

/** How long a trashed roadmap can still be restored: "30 days left", "2 days left", "less than a day left". */
export function daysLeft(purgeAt: string, now: number): string {
  const at = Date.parse(purgeAt);
  if (Number.isNaN(at)) return "";
  const left = at - now;
  if (left <= 0) return "about to be deleted for good";
  if (left < DAY) return "less than a day left";
  const days = Math.ceil(left / DAY); // just deleted: "30 days left", not 29
  return `${days} day${days === 1 ? "" : "s"} left`;
}
