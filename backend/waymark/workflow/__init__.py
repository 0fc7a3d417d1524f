"""The roadmap workflow (LangGraph). Checkpoints are decoded in strict msgpack mode."""

import os

os.environ.setdefault("LANGGRAPH_STRICT_MSGPACK", "true")
