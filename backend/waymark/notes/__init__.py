"""Notes: what a learner writes on a roadmap or one concept (docs/mentor.md, Notes)."""
