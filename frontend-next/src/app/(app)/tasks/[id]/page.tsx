import type { Metadata } from "next";
import { Cockpit } from "@/components/cockpit/cockpit";

export const metadata: Metadata = { title: "Task" };

export default async function TaskPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <Cockpit key={id} taskId={id} />;
}
