/**
 * The pace plan: the concepts still to do, in roadmap order, packed into weeks of the learner's
 * weekly hours. Week 1 is this week. A concept longer than a week gets a week of its own.
 * Completed concepts and the ones the learner model counts as mastered (`mastered`, from
 * GET /roadmaps/{id}/mastery: quiz evidence, "I know this", a placement check) leave the plan.
 */
export type PaceConcept = { id: string; title: string; hours: number; completed: boolean; mastered?: boolean };
export type PaceWeek = { week: number; concepts: PaceConcept[]; hours: number };
export type PacePlan = { weeks: PaceWeek[]; remainingHours: number; doneHours: number; weeklyHours: number; masteredCount: number };

const leftToDo = (concept: PaceConcept) => !concept.completed && !concept.mastered;

export const DEFAULT_WEEKLY_HOURS = 5;

export function pacePlan(concepts: readonly PaceConcept[], weeklyHours: number | null | undefined): PacePlan {
  const capacity = weeklyHours && weeklyHours > 0 ? weeklyHours : DEFAULT_WEEKLY_HOURS;
  const weeks: PaceWeek[] = [];
  let week: PaceWeek | null = null;
  for (const concept of concepts) {
    if (!leftToDo(concept)) continue;
    const hours = Math.max(0, concept.hours);
    if (!week || (week.concepts.length > 0 && week.hours + hours > capacity + 1e-9)) {
      week = { week: weeks.length + 1, concepts: [], hours: 0 };
      weeks.push(week);
    }
    week.concepts.push(concept);
    week.hours = Math.round((week.hours + hours) * 100) / 100;
  }
  const sum = (items: readonly PaceConcept[]) => Math.round(items.reduce((total, c) => total + c.hours, 0) * 100) / 100;
  return {
    weeks,
    remainingHours: sum(concepts.filter(leftToDo)),
    doneHours: sum(concepts.filter((c) => c.completed)),
    weeklyHours: capacity,
    masteredCount: concepts.filter((c) => c.mastered && !c.completed).length,
  };
}

/** "this week: A, B (3 h)" — or that everything is done. */
export function thisWeekSummary(plan: PacePlan): string {
  const first = plan.weeks[0];
  if (!first) return plan.masteredCount > 0 ? "Every concept is done or mastered." : "All concepts done.";
  const names = first.concepts.map((c) => c.title).join(", ");
  const rest = plan.weeks.length > 1 ? `; ${plan.weeks.length} weeks to go at ${plan.weeklyHours} h/week` : "; the last week";
  return `This week: ${names} (${first.hours} h)${rest}`;
}
