"""Bad input raises ``InvalidSubmission`` (a ``ValueError`` naming the field), never a verdict."""

from __future__ import annotations

from typing import Any

import pytest

from algoitny_core.judge import InvalidSubmission, run_tests, validate_submission
from tests.judge.conftest import judge_settings

pytestmark = pytest.mark.sqlite_only

GOOD = "print(input())"


def invalid(field: str, **kwargs: Any) -> InvalidSubmission:
    arguments: dict[str, Any] = {"language": "python", "source": GOOD, "tests": [("1", "1")]}
    with pytest.raises(InvalidSubmission) as caught:
        run_tests(**(arguments | kwargs))
    assert caught.value.field == field
    assert isinstance(caught.value, ValueError)
    return caught.value


def test_unknown_language() -> None:
    error = invalid("language", language="cobol")
    assert "Unknown language 'cobol'" in str(error)
    assert "cpp" in error.message and "python" in error.message


@pytest.mark.parametrize("source", ["", "   \n\t"])
def test_empty_code(source: str) -> None:
    assert str(invalid("code", source=source)) == "The code is empty."


def test_code_over_the_size_cap() -> None:
    with judge_settings(MAX_CODE_BYTES=100):
        error = invalid("code", source="#" * 101)
        assert str(error) == "The code is 101 bytes; the limit is 100."
        assert run_tests("python", "#" * 90 + "\nprint(1)", [("", "1")]).verdict == "AC"


def test_size_cap_counts_bytes_not_characters() -> None:
    with judge_settings(MAX_CODE_BYTES=100):
        invalid("code", source="# " + "가" * 40)  # 40 characters, 120 bytes


def test_no_tests() -> None:
    assert str(invalid("tests", tests=[])) == "There are no test cases to run."
    invalid("tests", tests=iter(()))


def test_a_test_that_is_not_a_pair() -> None:
    assert "pair" in str(invalid("tests", tests=[("only input",)]))


def test_bad_checker() -> None:
    invalid("checker", checker="nonsense")


def test_validate_submission_checks_language_and_code_only() -> None:
    validate_submission("cpp", "int main() {}")
    with pytest.raises(InvalidSubmission) as caught:
        validate_submission("brainfuck", GOOD)
    assert caught.value.field == "language"
    with pytest.raises(InvalidSubmission) as caught:
        validate_submission("python", " ")
    assert caught.value.field == "code"
