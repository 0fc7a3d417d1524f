import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { NewRoadmapForm } from "@/components/wizard/new-roadmap-form";

export const metadata: Metadata = { title: "New roadmap" };

export default function NewRoadmapPage() {
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-semibold">New roadmap</h1>
      <Card>
        <NewRoadmapForm />
      </Card>
    </div>
  );
}
