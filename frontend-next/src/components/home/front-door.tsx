import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { MAP_STATES, STATE_LABELS, STATE_MARKS } from "@/lib/concept-state";
import { SAMPLE_ROADMAP, SAMPLE_STATES } from "@/lib/sample-roadmap";
import { STATE_SWATCHES } from "@/components/map/styles";
import { StaticMap } from "./static-map";

const STEPS = ["Intent", "Design", "Validate", "Your review", "Content fan-out", "Done"];

/** What a signed-out visitor sees at `/`: what Waymark does, a sample roadmap, how to start. Server-rendered, no API call. */
export function FrontDoor() {
  return (
    <>
      <header data-app-header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-3 px-3 py-3 sm:px-6">
          <span className="text-lg font-bold text-brand-700">Waymark</span>
          <nav aria-label="Account" className="flex items-center gap-2 text-sm">
            <Link href="/login" className="rounded px-2 py-1 hover:bg-slate-100">
              Sign in
            </Link>
            <Link href="/register" className={buttonClass("primary")}>
              Create an account
            </Link>
          </nav>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl space-y-10 px-3 py-8 sm:px-6" data-testid="front-door">
        <section className="max-w-3xl space-y-4">
          <h1 className="text-3xl font-bold sm:text-4xl">Learning roadmaps built for you, reviewed by you.</h1>
          <p className="text-lg text-slate-700">
            Say what you want to learn and how much time you have. Waymark designs a roadmap of stages, modules and concepts, shows it to you to edit or reject, and only then
            writes the tutorials, resources and quizzes — while you watch it happen.
          </p>
          <div className="flex flex-wrap gap-3">
            <Link href="/register" className={buttonClass("primary")}>
              Create an account
            </Link>
            <Link href="/login" className={buttonClass("secondary")}>
              Sign in
            </Link>
          </div>
        </section>

        <section aria-labelledby="sample-title" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="sample-title" className="text-xl font-semibold">
              A roadmap, as a map
            </h2>
            <p className="text-sm text-slate-600">Sample: “{SAMPLE_ROADMAP.title}”</p>
          </div>
          <p className="text-sm text-slate-700">Arrows are prerequisites; the colour and mark say where each concept stands.</p>
          <ul className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-700" aria-label="Legend">
            {MAP_STATES.map((state) => (
              <li key={state} className="flex items-center gap-1">
                <span aria-hidden className={`inline-flex h-4 w-4 items-center justify-center rounded border-2 text-[10px] ${STATE_SWATCHES[state]}`}>
                  {STATE_MARKS[state]}
                </span>
                {STATE_LABELS[state]}
              </li>
            ))}
          </ul>
          <div className="overflow-hidden rounded-lg border border-slate-200 bg-slate-50 p-2">
            <StaticMap framework={SAMPLE_ROADMAP} states={SAMPLE_STATES} label={`Sample roadmap “${SAMPLE_ROADMAP.title}”: 2 stages, 4 modules, 9 concepts with their prerequisites`} />
          </div>
        </section>

        <div className="grid gap-5 lg:grid-cols-2">
          <section aria-labelledby="cockpit-title" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
            <h2 id="cockpit-title" className="text-xl font-semibold">
              The cockpit: watch it being built
            </h2>
            <p className="text-sm text-slate-700">Every step lands on a live timeline; content fills a board concept by concept; usage is counted against the estimate you saw.</p>
            <ol aria-label="The workflow" className="flex flex-wrap items-center gap-1.5 text-xs">
              {STEPS.map((step, index) => (
                <li key={step} className={`rounded-md border px-2 py-1 ${index === 3 ? "border-brand-600 bg-accent text-on-accent" : index < 3 ? "border-brand-200 bg-brand-50 text-brand-700" : "border-slate-200 bg-white text-slate-600"}`}>
                  {step}
                </li>
              ))}
            </ol>
            <ul className="space-y-1 text-sm" aria-label="Sample timeline">
              <li>
                <span className="text-slate-600">12 s ago</span> · Designing the curriculum · took 8.2 s
              </li>
              <li>
                <span className="text-slate-600">3 s ago</span> · Review required (round 1)
              </li>
            </ul>
          </section>
          <section aria-labelledby="learn-title" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
            <h2 id="learn-title" className="text-xl font-semibold">
              The learning view: one concept at a time
            </h2>
            <p className="text-sm text-slate-700">A tutorial with runnable code and diagrams, hand-picked resources, a quiz graded on the server, and a weekly plan at your pace.</p>
            <div className="rounded-md border border-slate-200 p-3 text-sm">
              <p className="font-semibold">Borrowing</p>
              <p className="mt-1 text-slate-700">References let you use a value without taking ownership of it…</p>
              <pre className="mt-2 overflow-x-auto rounded bg-slate-900 p-2 text-xs text-slate-100">
                <code>{"fn len(s: &String) -> usize { s.len() }"}</code>
              </pre>
              <p className="mt-2 text-xs text-slate-600">Tutorial · Resources · Quiz · This week: 2 of 4 concepts</p>
            </div>
          </section>
        </div>

        <section className="rounded-lg border border-brand-100 bg-brand-50 p-6 text-center">
          <h2 className="text-xl font-semibold text-brand-700">Make your own</h2>
          <p className="mt-1 text-slate-700">Free to try; your roadmap stays yours, and you can share a read-only link.</p>
          <Link href="/register" className={`${buttonClass("primary")} mt-4`}>
            Create an account
          </Link>
        </section>
      </main>
    </>
  );
}
