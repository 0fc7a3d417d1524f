"""The learner: profile, placement check, learner model (docs/learner.md)."""
