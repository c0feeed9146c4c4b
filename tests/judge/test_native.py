"""The compiled reaper: built once into a private cache, checked before use, the same
behaviour and report as the Python reaper, and the Python reaper wherever it cannot be had."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from algoitny_core.judge import BwrapRunner, native, run_tests
from algoitny_core.judge import sandbox as runners
from algoitny_core.judge.limits import SANDBOX_PATH
from algoitny_core.judge.native import CompiledReaper, find_compiler, load_or_build
from algoitny_core.judge.process import Finished, execute
from algoitny_core.judge.reaper import (
    REAPER,
    ReaperError,
    Report,
    parse_report,
    python_reaper,
    reaper_argv,
)
from algoitny_core.judge.workdir import NOBODY
from tests.judge.conftest import judge_settings
from tests.judge.test_verdicts import ADD, PROGRAMS

pytestmark = pytest.mark.sqlite_only

COMPILER = find_compiler()


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def built(cache: Path) -> Iterator[CompiledReaper]:
    reaper = load_or_build(cache, COMPILER)
    assert reaper is not None, "the judge's own tests need a C compiler (cc or gcc)"
    yield reaper
    os.close(reaper.fd)


def binaries(cache: Path) -> list[str]:
    return sorted(name for name in os.listdir(cache) if name.startswith("reaper-"))


def test_built_once_into_a_private_directory(cache: Path, built: CompiledReaper) -> None:
    [name] = binaries(cache)
    assert name.startswith(f"reaper-{built.key}-")
    assert cache.stat().st_mode & 0o777 == 0o700
    assert (cache / name).stat().st_mode & 0o777 == 0o755
    again = load_or_build(cache, None)  # found, not built: no compiler needed
    assert again is not None
    assert os.fstat(again.fd).st_ino == os.fstat(built.fd).st_ino
    os.close(again.fd)


def test_without_a_compiler_there_is_no_compiled_reaper(cache: Path) -> None:
    assert load_or_build(cache, None) is None
    assert load_or_build(cache, "/nonexistent/cc") is None


def test_a_tampered_binary_is_deleted_and_rebuilt(cache: Path, built: CompiledReaper) -> None:
    [name] = binaries(cache)
    with open(cache / name, "ab") as binary:
        binary.write(b"\0")
    assert load_or_build(cache, None) is None  # refused, and gone
    assert binaries(cache) == []
    rebuilt = load_or_build(cache, COMPILER)
    assert rebuilt is not None
    assert binaries(cache) == [name]
    os.close(rebuilt.fd)


def test_a_binary_of_another_source_is_not_used(cache: Path, built: CompiledReaper) -> None:
    [name] = binaries(cache)
    # Another version's binary is left alone, and not taken for this one.
    (cache / name).rename(cache / name.replace(built.key, "0123456789abcdef"))
    assert load_or_build(cache, None) is None
    # Renamed to this key, with its digest right: it still says which source it was built
    # from, so it is refused.
    stale = cache / f"stale-{name}"
    subprocess.run(
        [COMPILER or "cc", '-DREAPER_KEY="0123456789abcdef"', "-o", stale, native.SOURCE],
        check=True,
    )
    digest = native.hashlib.sha256(stale.read_bytes()).hexdigest()
    stale.rename(cache / f"reaper-{built.key}-{digest}")
    assert load_or_build(cache, None) is None
    assert binaries(cache) == [name.replace(built.key, "0123456789abcdef")]


def test_a_planted_symlink_is_refused(cache: Path, built: CompiledReaper, tmp_path: Path) -> None:
    [name] = binaries(cache)
    (cache / name).rename(tmp_path / "elsewhere")
    (cache / name).symlink_to(tmp_path / "elsewhere")
    assert load_or_build(cache, None) is None
    assert binaries(cache) == []


@pytest.mark.parametrize("unsafe", ["writable", "symlink"])
def test_an_unsafe_cache_directory_is_refused(tmp_path: Path, unsafe: str) -> None:
    cache = tmp_path / "cache"
    if unsafe == "writable":
        cache.mkdir()
        cache.chmod(0o777)
    else:
        (tmp_path / "real").mkdir(mode=0o700)
        cache.symlink_to(tmp_path / "real")
    assert load_or_build(cache, COMPILER) is None
    assert not list(tmp_path.glob("*/reaper-*"))


def test_the_next_cache_directory_is_tried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "unsafe").mkdir(mode=0o777)
    (tmp_path / "unsafe").chmod(0o777)
    monkeypatch.setattr(native, "cache_dirs", lambda: [tmp_path / "unsafe", tmp_path / "ok"])
    monkeypatch.setattr(native, "_loaded", [])
    reaper = native.compiled_reaper()
    assert reaper is not None
    assert native.compiled_reaper() is reaper  # once per process
    assert binaries(tmp_path / "ok") and not binaries(tmp_path / "unsafe")
    os.close(reaper.fd)


# Each program under both reapers, run directly (no sandbox), must give the same report.
CASES: dict[str, tuple[dict[str, int], float, tuple[str, ...]]] = {
    "exit code": ({}, 5, ("sh", "-c", "exit 3")),
    "signal": ({}, 5, ("sh", "-c", "kill -SEGV $$")),
    "limits": ({"nofile": 17, "cpu": 3}, 5, ("sh", "-c", "ulimit -n; ulimit -t")),
    "wall clock": ({"cpu": 1}, 0.3, ("sleep", "10")),
    "ignored signals": ({}, 5, ("grep", "SigIgn", "/proc/self/status")),
    "descriptors": ({}, 5, ("ls", "/proc/self/fd")),
}


def reap(
    reaper: CompiledReaper | None, limits: dict[str, int], wall: float, argv: tuple[str, ...]
) -> tuple[Report, bytes]:
    """The report and output of ``argv`` under ``reaper`` (None: the Python one)."""
    prefix = [reaper.path] if reaper else python_reaper(sys.executable)
    done = execute(
        [*reaper_argv(prefix, limits, wall, "{status_fd}"), *argv],
        stdin=b"",
        cwd="/",
        env={"PATH": SANDBOX_PATH},
        output_limit=4096,
        wall_seconds=wall + 5,
        pass_fds=(reaper.fd,) if reaper else (),
    )
    return parse_report(done.status), done.stdout


@pytest.mark.parametrize("case", sorted(CASES))
def test_both_reapers_report_the_same(built: CompiledReaper, case: str) -> None:
    (ours, out), (python, python_out) = reap(built, *CASES[case]), reap(None, *CASES[case])
    assert (ours.exit_code, ours.signal, ours.timed_out, out) == (
        python.exit_code, python.signal, python.timed_out, python_out,
    )  # fmt: skip
    assert ours.max_rss_kb > 0


def test_exit_codes_and_signals_are_reported(built: CompiledReaper) -> None:
    exited, killed = reap(built, *CASES["exit code"])[0], reap(built, *CASES["signal"])[0]
    assert (exited.exit_code, exited.signal, killed.exit_code, killed.signal) == (3, None, None, 11)


def test_limits_are_set_cpu_hard_limit_a_second_higher(built: CompiledReaper) -> None:
    assert reap(built, *CASES["limits"])[1] == b"17\n3\n"


def test_the_wall_clock_limit_kills_and_still_reports(built: CompiledReaper) -> None:
    report, _ = reap(built, *CASES["wall clock"])
    assert (report.signal, report.timed_out) == (9, True)


def test_sigpipe_and_sigxfsz_are_not_left_ignored(built: CompiledReaper) -> None:
    # The judge (Python) ignores both; a program must die of them as it would anywhere.
    ignored = int(reap(built, *CASES["ignored signals"])[1].split()[1], 16)
    assert ignored & (1 << 12 | 1 << 24) == 0


def test_the_program_gets_stdio_only(built: CompiledReaper) -> None:
    assert reap(built, *CASES["descriptors"])[1].split() == [b"0", b"1", b"2", b"3"]  # 3: ls's own


def test_a_program_that_cannot_start_is_reported(built: CompiledReaper) -> None:
    with pytest.raises(ReaperError, match=r"could not execute the program: execvp \./nope"):
        reap(built, {}, 5, ("./nope",))
    with pytest.raises(ReaperError, match="unknown limit bogus"):
        reap(built, {"bogus": 1}, 5, ("true",))


def test_dropping_privileges_refuses_root_and_garbage(built: CompiledReaper) -> None:
    for uid in ("0", "x", ""):
        done = subprocess.run([built.path, "--as", uid, "true"], pass_fds=(built.fd,))
        assert done.returncode == 126


def test_programs_run_as_the_sandbox_uid_without_groups() -> None:
    source = "import os\nprint(os.getuid(), os.geteuid(), os.getgid(), os.getgroups())"
    with judge_settings(SANDBOX="rlimits"):
        [result] = run_tests("python", source, [("", "")]).results
    root = os.geteuid() == 0
    uid, gid = (NOBODY, NOBODY) if root else (os.geteuid(), os.getegid())
    groups = [] if root else os.getgroups()
    assert result.output.split(maxsplit=3) == [str(uid), str(uid), str(gid), f"{groups}\n"]


@pytest.fixture
def commands(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every command line the runners start, recorded."""
    started: list[list[str]] = []

    def recording(argv: list[str], **kwargs: Any) -> Finished:
        started.append(argv)
        return execute(argv, **kwargs)

    monkeypatch.setattr(runners, "execute", recording)
    return started


@pytest.fixture
def no_compiled_reaper(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runners, "compiled_reaper", lambda: None)


def python_reaper_ran(argv: list[str]) -> bool:
    return "-c" in argv and REAPER in argv


def test_runs_use_the_compiled_reaper(sandbox: str, commands: list[list[str]]) -> None:
    assert run_tests("cpp", PROGRAMS["cpp", "AC"], ADD).verdict == "AC"
    assert commands and not any(python_reaper_ran(argv) for argv in commands)
    if sandbox == "bwrap":
        assert all(argv[argv.index("--ro-bind-data") + 2] == "/reaper" for argv in commands)


@pytest.mark.usefixtures("no_compiled_reaper")
@pytest.mark.parametrize(("language", "verdict"), sorted(key for key in PROGRAMS if key[1] != "CE"))
def test_without_it_the_python_reaper_judges_every_verdict(
    language: str, verdict: str, commands: list[list[str]]
) -> None:
    result = run_tests(
        language, PROGRAMS[language, verdict], ADD, time_limit=0.5, memory_limit_mb=128
    )
    assert [r.verdict for r in result.results][:1] == [verdict]
    assert all(python_reaper_ran(argv) for argv in commands)


@pytest.mark.usefixtures("no_compiled_reaper")
def test_without_it_the_limits_only_runner_works_too(commands: list[list[str]]) -> None:
    with judge_settings(SANDBOX="rlimits"):
        assert run_tests("python", PROGRAMS["python", "AC"], ADD).verdict == "AC"
    assert all(python_reaper_ran(argv) for argv in commands)


def test_a_bubblewrap_before_0_5_gets_the_python_reaper(
    monkeypatch: pytest.MonkeyPatch, commands: list[list[str]]
) -> None:
    assert runners.bwrap_copies_files(BwrapRunner().executable)  # this host's is newer
    monkeypatch.setattr(runners, "bwrap_copies_files", lambda executable: False)
    assert run_tests("python", PROGRAMS["python", "AC"], ADD).verdict == "AC"
    assert all(python_reaper_ran(argv) for argv in commands)
