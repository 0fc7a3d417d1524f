import type { Metadata } from "next";
import { PrintView } from "@/components/learn/print-view";

export const metadata: Metadata = { title: "Print" };

export default async function PrintPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ auto?: string }> }) {
  const { id } = await params;
  const { auto } = await searchParams;
  return <PrintView roadmapId={id} autoPrint={auto === "1"} />;
}
