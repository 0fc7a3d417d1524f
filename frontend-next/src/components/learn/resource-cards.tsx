import { domainOf, safeExternalUrl } from "@/lib/safe-url";

type Resource = { title?: unknown; url?: unknown; type?: unknown; description?: unknown; relevance?: unknown };

/** Resources as cards: type and domain shown; only http(s) links, opened without referrer or opener. */
export function ResourceCards({ body }: { body: { [key: string]: unknown } | null }) {
  const items = Array.isArray(body?.["resources"]) ? (body["resources"] as Resource[]) : [];
  if (items.length === 0) return <p className="text-sm text-slate-600">No resources yet.</p>;
  return (
    <ul className="grid gap-3 sm:grid-cols-2" data-testid="resource-cards">
      {items.map((item, index) => {
        const url = safeExternalUrl(typeof item.url === "string" ? item.url : null);
        const title = String(item.title ?? "Untitled");
        return (
          <li key={`${index}-${title}`} className="rounded-lg border border-slate-200 bg-white p-3">
            <div className="flex flex-wrap items-center gap-2 text-xs">
              <span className="rounded bg-slate-100 px-1.5 py-0.5 font-medium text-slate-700 capitalize">{String(item.type ?? "link")}</span>
              <span className="text-slate-500" data-testid="resource-domain">{domainOf(url) ?? "no valid link"}</span>
            </div>
            <p className="mt-1 font-medium">
              {url ? (
                <a href={url} target="_blank" rel="noopener noreferrer nofollow" className="text-brand-700 hover:underline">
                  {title}
                </a>
              ) : (
                title
              )}
            </p>
            {item.description ? <p className="mt-1 text-sm text-slate-600">{String(item.description)}</p> : null}
          </li>
        );
      })}
    </ul>
  );
}
