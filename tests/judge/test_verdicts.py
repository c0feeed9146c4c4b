"""Every verdict, in Python and in C++, under the default sandbox."""

from __future__ import annotations

import pytest

from algoitny_core.judge import Verdict, run_tests

pytestmark = pytest.mark.sqlite_only

ADD = [("1 2\n", "3\n"), ("20 22\n", "42\n")]

PROGRAMS = {
    ("python", "AC"): "a, b = map(int, input().split())\nprint(a + b)",
    ("python", "WA"): "a, b = map(int, input().split())\nprint(a - b)",
    ("python", "TLE"): "while True:\n    pass",
    ("python", "MLE"): "block = bytearray(512 << 20)\nprint(len(block))",
    ("python", "RE"): "raise SystemExit(3)",
    ("python", "CE"): "def broken(:\n    pass",
    ("python", "OLE"): "while True:\n    print('x' * 1000)",
    ("cpp", "AC"): (
        '#include <cstdio>\nint main() { long a, b; scanf("%ld %ld", &a, &b);'
        ' printf("%ld\\n", a + b); }'
    ),
    ("cpp", "WA"): '#include <cstdio>\nint main() { puts("0"); }',
    ("cpp", "TLE"): "int main() { volatile unsigned long n = 0; for (;;) n++; }",
    ("cpp", "MLE"): (
        "#include <cstdio>\n#include <vector>\nint main() {"
        ' std::vector<char> v(512u << 20, 1); printf("%d\\n", v[7]); }'
    ),
    ("cpp", "RE"): "int main() { return 3; }",
    ("cpp", "CE"): "int main() { return undeclared; }",
    ("cpp", "OLE"): '#include <cstdio>\nint main() { for (;;) puts("xxxxxxxxxxxxxxxx"); }',
}


@pytest.mark.parametrize(("language", "verdict"), sorted(PROGRAMS))
def test_verdict(language: str, verdict: str) -> None:
    result = run_tests(
        language, PROGRAMS[language, verdict], ADD, time_limit=0.5, memory_limit_mb=128
    )
    assert result.verdict == verdict
    assert isinstance(result.verdict, Verdict)
    if verdict == "CE":
        assert result.results == []
        assert result.compile_output
    else:
        assert [r.verdict for r in result.results][:1] == [verdict]
        assert [r.index for r in result.results] == [1, 2]


@pytest.mark.parametrize("language", ["python", "cpp"])
def test_messages_say_which_limit(language: str) -> None:
    tle = run_tests(language, PROGRAMS[language, "TLE"], ADD[:1], time_limit=0.5)
    assert tle.results[0].message == "Time limit of 0.5 s exceeded."
    mle = run_tests(language, PROGRAMS[language, "MLE"], ADD[:1], memory_limit_mb=128)
    assert mle.results[0].message == "Memory limit of 128 MiB exceeded."
    ole = run_tests(language, PROGRAMS[language, "OLE"], ADD[:1])
    assert ole.results[0].message == "Output exceeded 65536 bytes."
    assert len(ole.results[0].output) == 1024  # an excerpt, not the whole flood


def test_wrong_answer_keeps_the_output_excerpt() -> None:
    result = run_tests("python", PROGRAMS["python", "WA"], ADD[:1])
    assert (result.results[0].output, result.results[0].exit_code) == ("-1\n", 0)
