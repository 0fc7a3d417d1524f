import type { Metadata } from "next";
import Link from "next/link";
import { RoadmapList } from "@/components/dashboard/roadmap-list";
import { TaskList } from "@/components/dashboard/task-list";
import { TrashList } from "@/components/dashboard/trash-list";
import { ReviewBanner } from "@/components/shell/attention";
import { buttonClass } from "@/components/ui/button";

export const metadata: Metadata = { title: "Dashboard" };

export default function DashboardPage() {
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Dashboard</h1>
        <Link href="/new" className={buttonClass("primary")}>
          New roadmap
        </Link>
      </div>
      <ReviewBanner />
      <div className="grid gap-5 lg:grid-cols-2">
        <RoadmapList />
        <TaskList />
      </div>
      <TrashList />
    </div>
  );
}
