import type { Issue } from "@/lib/validation";

const SOURCE: Record<Issue["source"], string> = { rules: "check", api: "API", quality: "quality note" };

/** The issues that concern one node, drawn on it. */
export function NodeIssues({ issues }: { issues: readonly Issue[] | undefined }) {
  if (!issues?.length) return null;
  return (
    <ul className="mt-1 space-y-0.5" data-testid="node-issues">
      {issues.map((issue, index) => (
        <li key={`${issue.code}-${index}`} className={`text-xs ${issue.source === "quality" ? "text-amber-800" : "text-red-700"}`} data-code={issue.code}>
          <span className="font-medium">{SOURCE[issue.source]}:</span> {issue.message}
        </li>
      ))}
    </ul>
  );
}
