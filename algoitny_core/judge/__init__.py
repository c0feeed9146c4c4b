"""Compile and run untrusted code against test cases in a sandbox.

Services only: nothing here touches the database.
"""

from __future__ import annotations

from algoitny_core.judge.checkers import Checker, get_checker
from algoitny_core.judge.errors import (
    InvalidSubmission,
    JudgeError,
    SandboxError,
    SandboxUnavailable,
)
from algoitny_core.judge.generation import GeneratedCase, GenerationResult, generate_test_cases
from algoitny_core.judge.languages import Language, available_languages, get_language, registry
from algoitny_core.judge.runner import run_tests, validate_submission
from algoitny_core.judge.sandbox import BwrapRunner, RlimitsRunner, Runner, RunRequest, get_runner
from algoitny_core.judge.verdicts import JudgeResult, TestResult, Verdict

__all__ = [
    "BwrapRunner",
    "Checker",
    "GeneratedCase",
    "GenerationResult",
    "InvalidSubmission",
    "JudgeError",
    "JudgeResult",
    "Language",
    "RlimitsRunner",
    "RunRequest",
    "Runner",
    "SandboxError",
    "SandboxUnavailable",
    "TestResult",
    "Verdict",
    "available_languages",
    "generate_test_cases",
    "get_checker",
    "get_language",
    "get_runner",
    "registry",
    "run_tests",
    "validate_submission",
]
