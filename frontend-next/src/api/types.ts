/**
 * Named aliases over the generated OpenAPI types (schema.d.ts, from the backend's /openapi.json).
 * Every enum and body the UI uses comes from here, never from a hand-written copy.
 */
import type { components, paths } from "./schema";

type Schemas = components["schemas"];

export type { paths };
export type Step = Schemas["Step"];
export type TaskStatus = Schemas["TaskStatus"];
export type TaskKind = Schemas["TaskKind"];
export type ContentType = Schemas["ContentType"];
export type ContentStatus = Schemas["ContentStatus"];
export type RecoveryType = Schemas["RecoveryType"];
export type TaskOut = Schemas["TaskOut"];
export type TaskSummary = Schemas["TaskSummary"];
export type TaskList = Schemas["TaskList"];
export type TaskCreate = Schemas["TaskCreate"];
export type Preferences = Schemas["Preferences"];
export type Usage = Schemas["Usage"];
export type Estimate = Schemas["Estimate"];
export type LogEntry = Schemas["LogEntry"];
export type LogPage = Schemas["LogPage"];
export type RoadmapFramework = Schemas["RoadmapFramework"];
export type Stage = Schemas["Stage"];
export type Module = Schemas["Module"];
export type Concept = Schemas["Concept"];
export type RoadmapSummary = Schemas["RoadmapSummary"];
export type RoadmapOut = Schemas["RoadmapOut"];
export type ConceptSummary = Schemas["ConceptSummary"];
export type ConceptDetail = Schemas["ConceptDetail"];
export type QuizResult = Schemas["QuizResult"];
export type SharedRoadmap = Schemas["SharedRoadmap"];
export type Difficulty = NonNullable<Concept["difficulty"]>;

/** The event schema lands in the OpenAPI document as `TaskEvent` / `EventType` (backend
 * request 2 in docs/web.md); until then its fields are read from `LogEntry`'s shape. */
type Named<K extends string, Fallback> = Schemas extends Record<K, infer T> ? T : Fallback;
export type EventType = Named<
  "EventType",
  "status" | "step" | "log" | "review_required" | "concept" | "usage" | "completed" | "failed" | "cancelled"
>;
export type TaskEvent = Named<
  "TaskEvent",
  {
    id: string;
    task_id: string;
    type: EventType;
    step: Step | null;
    message: string;
    level: string;
    data: { [key: string]: unknown };
    created_at: string | null;
  }
>;

/** Earlier review rounds on GET /tasks/{id} (backend request 3). */
export type ReviewRound = {
  round: number;
  decision: "approve" | "edit" | "reject";
  feedback: string | null;
  created_at: string;
};

/** One stored version of a concept's content (backend request 4). */
export type ContentVersion = {
  version: number;
  status: ContentStatus;
  error: string | null;
  instructions: string | null;
  created_at: string;
  body: { [key: string]: unknown } | null;
};
