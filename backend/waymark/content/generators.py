"""The three generators of one concept's content: tutorial, resources, quiz."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from waymark.content import prompts
from waymark.content.job import ConceptJob, ContentContext
from waymark.content.schemas import Quiz, ResourceList, Tutorial
from waymark.llm.usage import Usage
from waymark.markdown_safety import sanitize_markdown
from waymark.search.result import SearchResult
from waymark.search.sanitize import plain_text, spotlight


@dataclass
class Generated:
    body: dict[str, Any]
    usage: Usage


def search_query(job: ConceptJob) -> str:
    keywords = " ".join(job.concept.get("keywords", [])[:4])
    return f"{job.concept['title']} {keywords}".strip()


async def _web(ctx: ContentContext, job: ConceptJob) -> tuple[list[SearchResult], str, str]:
    results = await ctx.search.search(search_query(job))
    block, boundary = spotlight(results)
    return results, block, boundary


async def tutorial(ctx: ContentContext, job: ConceptJob) -> Generated:
    results, block, boundary = await _web(ctx, job)
    messages = prompts.tutorial_messages(job.concept, job.roadmap_title, block, boundary, job.instructions)
    result = await ctx.llm.structured("tutorial", messages, Tutorial)
    known = {r.url for r in results}
    output = result.output
    body = output.model_copy(
        update={
            "title": plain_text(output.title),
            "summary": plain_text(output.summary),
            "body_markdown": sanitize_markdown(output.body_markdown),
            # a cited source must be one of the search results
            "sources": [
                s.model_copy(update={"title": plain_text(s.title)}) for s in output.sources if s.url in known
            ],
        }
    )
    return Generated(body.model_dump(mode="json"), result.usage)


async def resources(ctx: ContentContext, job: ConceptJob) -> Generated:
    results, block, boundary = await _web(ctx, job)
    messages = prompts.resources_messages(job.concept, job.roadmap_title, block, boundary, job.instructions)
    result = await ctx.llm.structured("resources", messages, ResourceList)
    known = {r.url for r in results}
    kept = [
        item.model_copy(update={"title": plain_text(item.title), "description": plain_text(item.description)})
        for item in result.output.resources
        if item.url in known  # only URLs search returned, and search keeps only safe http(s) ones
    ]
    if len(kept) < 4:
        raise ValueError(
            f"only {len(kept)} of {len(result.output.resources)} resources link to search results; need 4"
        )
    return Generated({"resources": [item.model_dump(mode="json") for item in kept]}, result.usage)


async def quiz(ctx: ContentContext, job: ConceptJob) -> Generated:
    messages = prompts.quiz_messages(
        job.concept, job.roadmap_title, job.concept.get("description", ""), job.instructions
    )
    result = await ctx.llm.structured("quiz", messages, Quiz)
    for question in result.output.questions:
        if any(index >= len(question.options) for index in question.answer):
            raise ValueError(f"quiz question {question.id} has an answer outside its options")
    return Generated(result.output.model_dump(mode="json"), result.usage)
