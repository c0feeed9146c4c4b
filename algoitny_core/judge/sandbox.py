"""Runners: where and how a command runs. ``bwrap`` (default where it works), ``rlimits``
(limits only, for development) or a host's own runner named by a dotted path."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import glob
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from algoitny_core.conf import app_settings, import_setting
from algoitny_core.judge.errors import SandboxError, SandboxUnavailable
from algoitny_core.judge.limits import SANDBOX_PATH, Limits
from algoitny_core.judge.native import CompiledReaper, compiled_reaper
from algoitny_core.judge.process import Finished, execute
from algoitny_core.judge.reaper import (
    ReaperError,
    host_python,
    parse_report,
    python_path,
    python_reaper,
    reaper_argv,
)
from algoitny_core.judge.workdir import NOBODY, fresh_workdir, sandbox_uid

BOX = "/box"  # the work directory's path inside the sandbox
REAPER = "/reaper"  # the compiled reaper's path inside the sandbox
# Read-only host paths outside /usr that toolchains need (dynamic linker cache, alternatives).
SYSTEM_PATHS = ("/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d")
ENV = {"PATH": SANDBOX_PATH, "LANG": "C.UTF-8", "HOME": BOX}
# The judge's own deadline is this much after the reaper's (see ``ReaperRunner.run``).
GRACE_SECONDS = 1.0


@dataclasses.dataclass(frozen=True)
class RunRequest:
    """One command to run on the work directory; ``writable`` only for compile steps."""

    argv: Sequence[str]
    workdir: Path
    limits: Limits
    stdin: bytes = b""
    writable: bool = False
    paths: Sequence[str] = ()


@dataclasses.dataclass(frozen=True)
class Completed:
    """A finished run: exit code or signal, capped streams, CPU seconds, peak RSS (KiB)."""

    exit_code: int | None
    signal: int | None
    stdout: bytes
    stderr: bytes
    cpu_time: float
    wall_time: float
    max_rss_kb: int
    timed_out: bool = False
    output_exceeded: bool = False


@runtime_checkable
class Runner(Protocol):
    """What ``ALGOITNY["SANDBOX"]`` may name; ``run`` raises ``SandboxError`` on its own failure."""

    name: str

    def run(self, request: RunRequest) -> Completed: ...


def _completed(done: Finished) -> Completed:
    """Combine what the judge saw with the reaper's report; no report means IE, unless
    the judge itself stopped the run."""
    try:
        report = parse_report(done.status)
    except ReaperError as exc:
        if done.timed_out or done.output_exceeded:
            # Killed by the judge, so no report: the wall time stands in for the CPU time.
            return Completed(
                None, None, done.stdout, done.stderr, done.wall_time, done.wall_time, 0,
                done.timed_out, done.output_exceeded,
            )  # fmt: skip
        detail = done.stderr.decode(errors="replace").strip()[:300]
        raise SandboxError(f"{exc}{': ' + detail if detail else ''}") from exc
    return Completed(
        report.exit_code, report.signal, done.stdout, done.stderr, report.cpu_time,
        done.wall_time, report.max_rss_kb, report.timed_out or done.timed_out,
        done.output_exceeded,
    )  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Reaper:
    """The reaper of one run: the compiled one, with ``copy`` a fresh descriptor of it for
    bwrap to copy into the sandbox, or (``native`` None) the Python one."""

    native: CompiledReaper | None = None
    copy: int | None = None

    @property
    def fds(self) -> tuple[int, ...]:
        """What the command is given: read-only descriptors of the binary, which the reaper
        closes before the program starts."""
        return () if self.native is None or self.copy is None else (self.native.fd, self.copy)


class ReaperRunner:
    """What the built-in runners share: the reaper (``reaper.c`` or ``reaper.py``) runs the
    program, under a command line of the runner's making, as the sandbox uid, supervised
    by ``execute``."""

    name = "reaper"

    def command(self, request: RunRequest, reaper: Reaper) -> list[str]:
        """The full command line for ``request``."""
        raise NotImplementedError

    def start_in(self, request: RunRequest) -> tuple[Path | str, dict[str, str]]:
        """The working directory and environment the command starts with."""
        raise NotImplementedError

    def compiled(self) -> CompiledReaper | None:
        """The compiled reaper, where this runner can use it."""
        return compiled_reaper()

    def run(self, request: RunRequest) -> Completed:
        cwd, env = self.start_in(request)
        native = self.compiled()
        try:
            with native.copy() if native else contextlib.nullcontext() as copy:
                reaper = Reaper(native, copy)
                argv, user = self.command(request, reaper), sandbox_uid()
                if native and user is not None:
                    # The binary drops to the sandbox uid itself: a subprocess that changes
                    # the uid forks the whole worker instead of vforking, ms per test.
                    argv, user = [native.path, "--as", str(user), *argv], None
                done = execute(
                    argv,
                    stdin=request.stdin,
                    cwd=cwd,
                    env=env,
                    output_limit=request.limits.output_bytes,
                    # The reaper stops a slow program itself; this only catches a stuck sandbox.
                    wall_seconds=request.limits.wall_seconds + GRACE_SECONDS,
                    user=user,
                    pass_fds=reaper.fds,
                )
        except OSError as exc:
            raise SandboxError(f"could not start the {self.name} runner: {exc}") from exc
        return _completed(done)


def _reaper(reaper: list[str], request: RunRequest) -> list[str]:
    """The reaper's command line followed by the program's."""
    limits = request.limits
    spec = reaper_argv(reaper, limits.rlimits(), limits.wall_seconds, "{status_fd}")
    return spec + list(request.argv)


class RlimitsRunner(ReaperRunner):
    """Resource limits and an empty environment, nothing more: the program sees the host."""

    name = "rlimits"

    def command(self, request: RunRequest, reaper: Reaper) -> list[str]:
        native = reaper.native
        argv = [native.path] if native else python_reaper(host_python(SANDBOX_PATH))
        return _reaper(argv, request)

    def start_in(self, request: RunRequest) -> tuple[Path | str, dict[str, str]]:
        return request.workdir, {**ENV, "HOME": str(request.workdir)}


class BwrapRunner(ReaperRunner):
    """bubblewrap: every namespace unshared, no capabilities, an unprivileged uid, a
    read-only system, the work directory at /box and nothing of the host project."""

    name = "bwrap"

    def __init__(self, executable: str | None = None) -> None:
        self.executable = executable or shutil.which("bwrap") or "bwrap"

    def compiled(self) -> CompiledReaper | None:
        return compiled_reaper() if bwrap_copies_files(self.executable) else None

    def command(self, request: RunRequest, reaper: Reaper) -> list[str]:
        argv = [self.executable, *_SANDBOX_ARGS, *system_mounts(tuple(request.paths))]
        if request.writable:
            # Compilers need scratch space; the tmpfs is capped so it cannot fill memory.
            argv += ["--bind", str(request.workdir), BOX]
            argv += ["--size", str(256 * 1024 * 1024), "--tmpfs", "/tmp"]
        else:
            argv += ["--ro-bind", str(request.workdir), BOX]
        if reaper.copy is not None:
            # A copy, not a bind of the cached file: bwrap binds by path, and the sandbox
            # uid may not reach the cache (nor would a deleted file be found).
            argv += ["--perms", "0555", "--ro-bind-data", str(reaper.copy), REAPER]
            inside = [REAPER]
        else:
            inside = python_reaper(python_path(SANDBOX_PATH) or "python3")
        # The reaper is pid 1 (--as-pid-1): bwrap's own init would exit unreaped, and the
        # program's rusage with it. The root is read-only: nothing to write outside /box.
        argv += ["--remount-ro", "/", "--chdir", BOX, "--as-pid-1", "--"]
        return argv + _reaper(inside, request)

    def start_in(self, request: RunRequest) -> tuple[Path | str, dict[str, str]]:
        return "/", {}


_SANDBOX_ARGS = (
    *("--unshare-all", "--unshare-user", "--disable-userns"),
    *("--die-with-parent", "--new-session", "--clearenv", "--cap-drop", "ALL"),
    *("--uid", str(NOBODY), "--gid", str(NOBODY), "--hostname", "judge"),
    *(arg for name, value in ENV.items() for arg in ("--setenv", name, value)),
)


@functools.lru_cache(maxsize=32)
def system_mounts(paths: tuple[str, ...]) -> tuple[str, ...]:
    """The read-only system and ``paths`` (globs), /proc and /dev; worked out once, not
    per test."""
    argv = ["--ro-bind", "/usr", "/usr"]
    for link in ("bin", "lib", "lib32", "lib64", "libx32", "sbin"):
        if os.path.islink(f"/{link}"):  # merged /usr: recreate the symlinks
            argv += ["--symlink", os.readlink(f"/{link}"), f"/{link}"]
        elif os.path.isdir(f"/{link}"):
            argv += ["--ro-bind", f"/{link}", f"/{link}"]
    for pattern in (*SYSTEM_PATHS, *paths):
        for path in sorted(glob.glob(pattern)):
            argv += ["--ro-bind", path, path]
    # /dev is a tmpfs: read-only, or files there would hold memory outside every limit.
    return (*argv, "--proc", "/proc", "--dev", "/dev", "--remount-ro", "/dev")


@functools.cache
def bwrap_copies_files(executable: str) -> bool:
    """Whether this bubblewrap can copy the compiled reaper in (--perms and --ro-bind-data,
    bubblewrap 0.5 and later); older ones run the Python reaper."""
    try:
        done = subprocess.run([executable, "--help"], capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return b"--ro-bind-data" in done.stdout and b"--perms" in done.stdout


@functools.cache
def bwrap_works(executable: str | None = None) -> bool:
    """Whether bubblewrap is installed and can create a sandbox here (checked once)."""
    exe = executable or shutil.which("bwrap")
    if not exe or not (BwrapRunner(exe).compiled() or python_path(SANDBOX_PATH)):
        return False
    limits = Limits(5, 10, 64, None, 1024, 1024, 8, 8)
    with fresh_workdir() as workdir:
        try:
            done = BwrapRunner(exe).run(RunRequest(["true"], workdir, limits))
        except SandboxError:
            return False
    return done.exit_code == 0


def get_runner() -> Runner:
    """The runner ``ALGOITNY["SANDBOX"]`` selects; never a silent downgrade under
    ``REQUIRE_SANDBOX``."""
    choice = app_settings.SANDBOX
    if choice in (None, "bwrap"):
        if bwrap_works():
            return BwrapRunner()
        if choice == "bwrap" or app_settings.REQUIRE_SANDBOX:
            raise SandboxUnavailable("bubblewrap (bwrap) cannot create a sandbox on this host")
        return RlimitsRunner()
    if choice == "rlimits":
        if app_settings.REQUIRE_SANDBOX:
            raise SandboxUnavailable('REQUIRE_SANDBOX is set but SANDBOX is "rlimits"')
        return RlimitsRunner()
    runner = import_setting("SANDBOX")
    return runner() if isinstance(runner, type) else runner
