"""One platform (real workers + API over HTTP) shared by this package's tests
(``tests.fixtures.platform``); the learners who use it come from ``tests.fixtures.learners``."""

from __future__ import annotations

from tests.fixtures.learners import Learner, http, learner, other_learner
from tests.fixtures.platform import Platform, platform

__all__ = ["Learner", "Platform", "http", "learner", "other_learner", "platform"]
