/** Redis stream ids ("<ms>-<seq>") in stream order. */
export function compareEventIds(a: string, b: string): number {
  const [aMs = "0", aSeq = "0"] = a.split("-");
  const [bMs = "0", bSeq = "0"] = b.split("-");
  const byMs = compareDigits(aMs, bMs);
  return byMs !== 0 ? byMs : compareDigits(aSeq, bSeq);
}

/** Compare non-negative integers written in decimal, of any length (no float rounding). */
function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, "");
  const y = b.replace(/^0+(?=\d)/, "");
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}
