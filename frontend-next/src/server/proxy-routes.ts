import "server-only";

/**
 * The API calls the web UI makes through the `/api/v1` proxy, and nothing else: an allow-list
 * of method + path template. Anything not listed answers 404 before the token is read, so the
 * proxy cannot be used to reach a route the UI has no reason to call (token-issuing routes,
 * the WebSocket, whatever the API adds next). A unit test checks that every call in src/ is
 * listed here. docs/web.md, "Security".
 */
export const PROXIED_ROUTES = [
  ["GET", "auth/me"],
  ["GET", "me/profile"],
  ["PUT", "me/profile"],
  ["GET", "me/mentor-budget"],
  ["GET", "tasks"],
  ["POST", "tasks"],
  ["GET", "tasks/{task_id}"],
  ["GET", "tasks/{task_id}/events"],
  ["GET", "tasks/{task_id}/logs"],
  ["GET", "tasks/{task_id}/history"],
  ["POST", "tasks/{task_id}/cancel"],
  ["POST", "tasks/{task_id}/retry"],
  ["POST", "tasks/{task_id}/review"],
  ["POST", "placement"],
  ["POST", "placement/{placement_id}/answers"],
  ["GET", "roadmaps"],
  ["GET", "roadmaps/trash"],
  ["POST", "roadmaps/{roadmap_id}/restore"],
  ["GET", "roadmaps/{roadmap_id}"],
  ["DELETE", "roadmaps/{roadmap_id}"],
  ["GET", "roadmaps/{roadmap_id}/export"],
  ["POST", "roadmaps/{roadmap_id}/share"],
  ["DELETE", "roadmaps/{roadmap_id}/share"],
  ["GET", "roadmaps/{roadmap_id}/concepts/{concept_id}"],
  ["GET", "roadmaps/{roadmap_id}/concepts/{concept_id}/versions/{content_type}"],
  ["PUT", "roadmaps/{roadmap_id}/concepts/{concept_id}/progress"],
  ["GET", "roadmaps/{roadmap_id}/mastery"],
  ["PUT", "roadmaps/{roadmap_id}/concepts/{concept_id}/mastery"],
  ["POST", "roadmaps/{roadmap_id}/concepts/{concept_id}/quiz/attempts"],
  ["POST", "roadmaps/{roadmap_id}/concepts/{concept_id}/regenerate"],
  ["POST", "roadmaps/{roadmap_id}/concepts/{concept_id}/mentor"],
  ["POST", "roadmaps/{roadmap_id}/concepts/{concept_id}/mentor/messages/{message_id}/stop"],
  ["GET", "roadmaps/{roadmap_id}/concepts/{concept_id}/mentor/sessions"],
  ["GET", "roadmaps/{roadmap_id}/concepts/{concept_id}/mentor/sessions/{session_id}"],
  ["GET", "roadmaps/{roadmap_id}/notes"],
  ["POST", "roadmaps/{roadmap_id}/notes"],
  ["PUT", "roadmaps/{roadmap_id}/notes/{note_id}"],
  ["DELETE", "roadmaps/{roadmap_id}/notes/{note_id}"],
] as const;

// A parameter is one decoded path segment; "." and ".." would be resolved away by the URL of
// the upstream request, so the API would see another path than the one matched here.
const MAX_SEGMENT = 200;

function segmentMatches(template: string, segment: string): boolean {
  if (template.startsWith("{") && template.endsWith("}")) {
    return segment.length > 0 && segment.length <= MAX_SEGMENT && segment !== "." && segment !== "..";
  }
  return template === segment;
}

/** Is `method` on these decoded path segments (after `/api/v1/`) a call the UI makes? */
export function isProxiedRoute(method: string, segments: readonly string[]): boolean {
  const verb = method.toUpperCase() === "HEAD" ? "GET" : method.toUpperCase();
  return PROXIED_ROUTES.some(([allowed, template]) => {
    if (allowed !== verb) return false;
    const parts = template.split("/");
    return parts.length === segments.length && parts.every((part, index) => segmentMatches(part, segments[index]!));
  });
}
