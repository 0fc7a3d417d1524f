"""What the simulator's roadmaps are made of: an ordered syllabus per known topic (a generic
one for any other), stage names, and the qualifiers that keep a roadmap larger than its
syllabus free of repeats (docs/architecture.md §4: no two concepts with the same title)."""

from __future__ import annotations

SYLLABI: dict[str, list[str]] = {
    "rust": [
        "installing rustup and cargo", "variables and mutability", "scalar and compound types",
        "functions and expressions", "control flow", "ownership", "borrowing and references",
        "slices", "structs", "enums", "pattern matching", "modules and visibility",
        "collections: Vec, String and HashMap", "error handling with Result",
        "panics and unrecoverable errors", "generics", "traits", "trait objects and dynamic dispatch",
        "lifetimes", "closures", "iterators", "writing tests", "documentation comments",
        "cargo workspaces", "crates.io dependencies", "smart pointers: Box, Rc and RefCell",
        "interior mutability", "threads", "message passing with channels",
        "shared state with Mutex and Arc", "Send and Sync", "async and await", "declarative macros",
        "procedural macros", "unsafe code", "FFI with C", "no_std environments",
        "the embedded-hal traits", "memory-mapped registers", "peripheral access crates",
        "interrupts", "async firmware with embassy", "real-time scheduling with RTIC",
        "flashing and debugging with probe-rs", "logging with defmt", "power management",
        "testing on hardware", "profiling and optimisation", "clippy and rustfmt",
        "a capstone firmware project",
    ],
    "python": [
        "installing Python and a virtual environment", "syntax basics", "numbers and strings",
        "lists and tuples", "dictionaries and sets", "conditionals and loops", "functions",
        "positional and keyword arguments", "scope and closures", "modules and packages",
        "reading and writing files", "exceptions", "classes and objects", "inheritance",
        "dataclasses", "iterators", "generators", "comprehensions", "decorators",
        "context managers", "type hints", "a tour of the standard library", "regular expressions",
        "dates and times", "JSON and CSV", "pathlib", "logging", "unit testing with pytest",
        "fixtures and parametrised tests", "debugging with pdb", "pip and dependency management",
        "packaging with pyproject.toml", "command-line tools with argparse", "HTTP requests",
        "working with web APIs", "SQLite and SQL basics", "concurrency with threads",
        "multiprocessing", "asyncio", "async HTTP clients", "profiling", "performance tuning",
        "NumPy arrays", "pandas DataFrames", "plotting with matplotlib", "code style with ruff",
        "static checking with mypy", "a capstone project",
    ],
}  # fmt: skip
GENERIC_SYLLABUS = [
    "core vocabulary", "history and context", "setting up the toolchain", "a first hands-on exercise",
    "fundamental building blocks", "data modelling", "control flow", "common patterns",
    "anti-patterns to avoid", "error handling", "input validation", "testing", "debugging",
    "tooling", "automation", "performance", "measuring and profiling", "project structure",
    "documentation", "best practices", "code review", "a real-world case study", "security",
    "privacy and compliance", "deployment", "monitoring", "troubleshooting in production",
    "collaboration workflow", "version control", "scaling up", "cost management", "accessibility",
    "internationalisation", "integrations", "interoperability with other tools", "data migration",
    "backup and recovery", "advanced techniques", "a tour of the ecosystem",
    "community and learning resources", "teaching it to others", "reading the specification",
    "designing for change", "trade-offs and decision making", "a portfolio project",
    "a capstone project",
]  # fmt: skip
# a roadmap longer than its syllabus goes round again, each round with its own angle
QUALIFIERS = ["in practice", "under the hood", "pitfalls and debugging", "at scale", "design trade-offs"]
STAGE_NAMES = [
    "Foundations", "Core Skills", "Applied Practice", "Advanced Topics", "Mastery Project",
    "Tooling and Ecosystem", "Production Readiness", "Performance Engineering", "Architecture",
    "Teaching and Mentoring",
]  # fmt: skip


def syllabus_for(topic: str) -> list[str]:
    return SYLLABI.get(topic.lower().split()[0] if topic else "", GENERIC_SYLLABUS)


def aspect(syllabus: list[str], index: int) -> str:
    """The ``index``-th subject of a roadmap: the syllabus in order, then again with a
    qualifier per round (and a part number once the qualifiers run out), never a repeat."""
    base = syllabus[index % len(syllabus)]
    round_number = index // len(syllabus)
    if round_number == 0:
        return base
    qualifier = QUALIFIERS[(round_number - 1) % len(QUALIFIERS)]
    part = (round_number - 1) // len(QUALIFIERS)
    return f"{base} {qualifier}" + (f", part {part + 1}" if part else "")
