import type { Metadata } from "next";
import { ReviewPage } from "@/components/review/review-workbench";

export const metadata: Metadata = { title: "Review" };

export default async function TaskReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ReviewPage taskId={id} />;
}
