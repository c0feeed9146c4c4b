"""Resource limits, the same under both runners: bwrap and the limits-only ``rlimits``."""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from algoitny_core.judge import run_tests

pytestmark = pytest.mark.sqlite_only

GIB_FILE = {
    "python": (
        "block = b'x' * (1 << 20)\nwith open('big', 'wb') as f:\n"
        "    for _ in range(1024):\n        f.write(block)\nprint('wrote')"
    ),
    "cpp": (
        "#include <cstdio>\nstatic char block[1 << 20];\nint main() {"
        ' FILE *f = fopen("big", "wb"); if (!f) return 2;'
        " for (int i = 0; i < 1024; i++) if (fwrite(block, 1, sizeof block, f) != sizeof block)"
        ' return 3; puts("wrote"); }'
    ),
}


def processes_with(marker: str) -> int:
    """How many processes on the machine carry ``marker`` in their command line."""
    count = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                count += marker.encode() in f.read()
        except OSError:
            pass  # gone meanwhile
    return count


def left_behind(marker: str, sandbox: str) -> int:
    """Processes of the run still alive. Under bwrap none may be, the moment the judge
    returns (the sandbox's pid 1 takes them with it); outside a pid namespace SIGKILLed
    processes exit on their own time, so ``rlimits`` gets a few seconds."""
    deadline = time.monotonic() + (5 if sandbox == "rlimits" else 0)
    while (count := processes_with(marker)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return count


def test_infinite_loop_is_time_limit(sandbox: str) -> None:
    [result] = run_tests("python", "while True:\n    pass", [("", "")], time_limit=0.5).results
    assert (result.verdict, result.signal) == ("TLE", "SIGXCPU")
    assert result.time >= 0.5


def test_sleep_is_wall_time_limit(sandbox: str) -> None:
    sleeper = "import time\ntime.sleep(60)"
    [result] = run_tests("python", sleeper, [("", "")], time_limit=0.5).results
    assert result.verdict == "TLE"


@pytest.mark.parametrize(
    ("language", "source"),
    [
        ("python", "block = bytearray(2 << 30)\nprint(len(block))"),
        ("cpp", "#include <cstdio>\n#include <vector>\nint main() {"
                " std::vector<char> v(2ul << 30, getchar()); return v[12345]; }"),
    ],
)  # fmt: skip
def test_two_gib_allocation_is_memory_limit(sandbox: str, language: str, source: str) -> None:
    [result] = run_tests(language, source, [("", "")], memory_limit_mb=64).results
    assert result.verdict == "MLE"
    assert result.memory < 2 << 20  # never got the 2 GiB (KiB)


def test_fork_bomb_is_stopped_and_leaves_nothing(sandbox: str) -> None:
    marker = f"forkbomb-{uuid.uuid4().hex}"
    # Re-executed with the marker in its argv, which every forked copy inherits.
    source = (
        "import os, sys\nif len(sys.argv) < 2:\n"
        f"    os.execv(sys.executable, [sys.executable, 'main.py', {marker!r}])\n"
        "while True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n"
    )
    [result] = run_tests("python", source, [("", "")], time_limit=0.5).results
    assert result.verdict in ("TLE", "RE")
    assert left_behind(marker, sandbox) == 0


def test_process_count_is_limited(sandbox: str) -> None:
    marker = f"sleepers-{uuid.uuid4().hex}"
    source = (
        "import os, sys, time\nif len(sys.argv) < 2:\n"
        f"    os.execv(sys.executable, [sys.executable, 'main.py', {marker!r}])\n"
        "started = 0\nfor _ in range(100):\n    try:\n        if os.fork() == 0:\n"
        "            time.sleep(60)\n            os._exit(0)\n        started += 1\n"
        "    except OSError:\n        break\nprint(started)\n"
    )
    [result] = run_tests("python", source, [("", "")]).results
    assert result.verdict == "WA"
    assert int(result.output) < 16  # the language's process limit, not 100
    if sandbox == "bwrap":
        # Counted per sandbox; under rlimits, per uid across the machine (so maybe 0 here).
        assert int(result.output) > 0
    assert left_behind(marker, sandbox) == 0  # the sleepers went with the sandbox


def test_printing_forever_is_output_limit(sandbox: str) -> None:
    [result] = run_tests("python", "while True:\n    print('x' * 100)", [("", "")]).results
    assert result.verdict == "OLE"
    assert result.memory > 0  # the program ended on its own and was measured


@pytest.fixture
def scratch(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A temporary directory of the judge's own, to see what a run leaves behind."""
    path = Path(tempfile.mkdtemp(prefix="judge-scratch-"))
    path.chmod(0o755)  # the sandbox uid must reach the work directories inside
    monkeypatch.setattr(tempfile, "tempdir", str(path))
    yield path
    os.rmdir(path)  # fails the test's teardown if anything was left


@pytest.mark.parametrize("language", ["python", "cpp"])
def test_a_gib_file_is_refused_and_nothing_stays(
    sandbox: str, scratch: Path, language: str
) -> None:
    [result] = run_tests(language, GIB_FILE[language], [("", "wrote")]).results
    # bwrap: a read-only work directory; rlimits: the file-size limit (SIGXFSZ in C++).
    assert result.verdict == "RE"
    assert "wrote" not in result.output
    assert list(scratch.iterdir()) == []


def test_segfault_is_runtime_error(sandbox: str) -> None:
    source = "int main() { volatile int *p = nullptr; return *p; }"
    [result] = run_tests("cpp", source, [("", "")]).results
    assert (result.verdict, result.signal) == ("RE", "SIGSEGV")


def test_compile_error(sandbox: str) -> None:
    result = run_tests("cpp", "int main() { return missing; }", [("", "")])
    assert result.verdict == "CE"
    assert "missing" in result.compile_output
    assert "was not declared" in result.compile_output


def test_secrets_in_the_workers_environment_stay_out(
    sandbox: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    secrets = {
        "DATABASE_URL": "postgres://judge:hunter2-db@127.0.0.1:5432/algoitny",
        "GEMINI_API_KEY": "hunter2-gemini-key",
        "DJANGO_SECRET_KEY": "hunter2-django",
    }
    for name, value in secrets.items():
        monkeypatch.setenv(name, value)
    source = (
        "import os\nprint(sorted(os.environ))\n"
        "for pid in ('self', '1', str(os.getppid())):\n"
        "    try:\n        print(open(f'/proc/{pid}/environ').read())\n"
        "    except OSError as e:\n        print(e)\n"
    )
    [result] = run_tests("python", source, [("", "")]).results
    assert result.verdict == "WA"
    assert "PATH" in result.output
    for name in secrets:
        assert name not in result.output
    assert "hunter2" not in result.output
