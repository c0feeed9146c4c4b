"""The language registry, host additions, and Java / JavaScript where installed."""

from __future__ import annotations

import pytest

from algoitny_core.judge import InvalidSubmission, available_languages, get_language, run_tests
from algoitny_core.judge.languages import language_from_setting
from tests.judge.conftest import judge_settings

pytestmark = pytest.mark.sqlite_only

ADD = [("1 2\n", "3\n"), ("40 2\n", "42\n")]
JAVA = (
    "import java.util.*;\npublic class Main { public static void main(String[] a) {"
    " Scanner s = new Scanner(System.in); System.out.println(s.nextInt() + s.nextInt()); } }"
)
JS = (
    "const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(Number);\n"
    "console.log(a + b);"
)


def test_python_and_cpp_are_always_there() -> None:
    assert {"python", "cpp"} <= set(available_languages())


@pytest.mark.toolchain("java")
def test_java() -> None:
    result = run_tests("java", JAVA, ADD, time_limit=1.0)
    assert (result.verdict, result.time_limit) == ("AC", 3.0)  # 2x + 1 s
    assert run_tests("java", "public class Main { x }", ADD).verdict == "CE"
    mle = (
        "public class Main { public static void main(String[] a) { long[][] x = new long[99][];"
        " for (int i = 0; i < 99; i++) x[i] = new long[1 << 20]; System.out.println(x.length); } }"
    )
    assert run_tests("java", mle, ADD[:1], memory_limit_mb=64).verdict == "MLE"


@pytest.mark.toolchain("javascript")
def test_javascript() -> None:
    assert run_tests("javascript", JS, ADD).verdict == "AC"
    assert run_tests("javascript", "function (", ADD).verdict == "CE"
    hog = "const a = []; for (;;) a.push(new Array(1e6).fill(1));"
    assert run_tests("javascript", hog, ADD[:1], memory_limit_mb=64).verdict == "MLE"


def test_a_host_adds_a_language() -> None:
    shell = {"sh": {"source": "main.sh", "run": ["sh", "main.sh"]}}
    with judge_settings(SANDBOX="bwrap", LANGUAGES=shell):
        assert get_language("sh").time_limit(1.0) == 1.0
        assert run_tests("sh", "read a b; echo $((a + b))", ADD).verdict == "AC"


def test_an_override_changes_only_the_fields_it_names() -> None:
    with judge_settings(LANGUAGES={"cpp": {"time_multiplier": 2}}):
        cpp = get_language("cpp")
    assert (cpp.time_multiplier, cpp.source, cpp.compile[0]) == (2.0, "main.cpp", "g++")


def test_a_language_whose_toolchain_is_missing_is_refused() -> None:
    with judge_settings(LANGUAGES={"cobol": {"source": "m.cob", "run": ["cobc-run", "m"]}}):
        with pytest.raises(InvalidSubmission, match="not installed") as caught:
            get_language("cobol")
        assert "cobol" not in available_languages()
    assert caught.value.field == "language"


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        ([], "must be a dict"),
        ({"source": "a.x", "run": ["x"], "speed": 1}, "unknown field"),
        ({"source": "a.x"}, "needs run"),
        ({"source": "a.x", "run": []}, "must not be empty"),
        ({"source": "a/x", "run": ["x"]}, "plain file name"),
        ({"source": "a.x", "run": "x"}, "list of strings"),
        ({"source": "a.x", "run": ["x"], "time_multiplier": -1}, "non-negative"),
        ({"source": "a.x", "run": ["x"], "processes": 0}, "positive integer"),
    ],
)
def test_bad_language_entries_say_what_is_wrong(entry: object, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        language_from_setting("new", entry)
