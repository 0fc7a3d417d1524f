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
export type MentorMessage = Schemas["MentorMessageOut"];
export type MentorSession = Schemas["MentorSessionOut"];
export type Note = Schemas["NoteOut"];
export type RoadmapSummary = Schemas["RoadmapSummary"];
export type RoadmapOut = Schemas["RoadmapOut"];
export type ConceptSummary = Schemas["ConceptSummary"];
export type ConceptDetail = Schemas["ConceptDetail"];
export type QuizResult = Schemas["QuizResult"];
export type SharedRoadmap = Schemas["SharedRoadmap"];
export type Difficulty = NonNullable<Concept["difficulty"]>;

export type EventType = Schemas["EventType"];
/** A task event as the stream delivers it: the publisher always assigns its id. */
export type TaskEvent = Omit<Schemas["TaskEvent"], "id"> & { id: string };
export type ReviewRound = Schemas["ReviewRound"];
export type ContentVersion = Schemas["ContentVersion"];
export type Profile = Schemas["Profile"];
export type ProfileOut = Schemas["ProfileOut"];
export type SkillLevel = Schemas["Technology"]["level"];
export type LearningFormat = NonNullable<Schemas["Profile"]["preferred_formats"]>[number];
export type UnderstoodIntent = Schemas["UnderstoodIntent"];
export type TaskHistory = Schemas["TaskHistory"];
export type HistoryRound = Schemas["HistoryRound"];
export type TrashedRoadmap = Schemas["TrashedRoadmap"];
export type RoadmapMastery = Schemas["RoadmapMastery"];
export type ConceptMastery = Schemas["ConceptMasteryOut"];
export type PlacementOut = Schemas["PlacementOut"];
export type PlacementResult = Schemas["PlacementResult"];
