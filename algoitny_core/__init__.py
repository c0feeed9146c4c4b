"""algoitny-core: problems, test cases, judged runs and generation jobs at fixed query counts."""

from __future__ import annotations

__version__ = "0.1.0.dev0"
