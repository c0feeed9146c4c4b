"""Runners: where and how a command runs. ``bwrap`` (default where it works), ``rlimits``
(limits only, for development) or a host's own runner named by a dotted path."""

from __future__ import annotations

import dataclasses
import functools
import glob
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from algoitny_core.conf import app_settings, import_setting
from algoitny_core.judge.errors import SandboxError, SandboxUnavailable
from algoitny_core.judge.limits import SANDBOX_PATH, Limits
from algoitny_core.judge.process import Finished, execute
from algoitny_core.judge.reaper import (
    ReaperError,
    host_python,
    parse_report,
    python_path,
    reaper_argv,
)
from algoitny_core.judge.workdir import NOBODY, fresh_workdir, sandbox_uid

BOX = "/box"  # the work directory's path inside the sandbox
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


class ReaperRunner:
    """What the built-in runners share: the reaper (``reaper.py``) runs the program, under
    a command line of the runner's making, as the sandbox uid, supervised by ``execute``."""

    name = "reaper"

    def command(self, request: RunRequest) -> list[str]:
        """The full command line for ``request``."""
        raise NotImplementedError

    def start_in(self, request: RunRequest) -> tuple[Path | str, dict[str, str]]:
        """The working directory and environment the command starts with."""
        raise NotImplementedError

    def run(self, request: RunRequest) -> Completed:
        cwd, env = self.start_in(request)
        try:
            done = execute(
                self.command(request),
                stdin=request.stdin,
                cwd=cwd,
                env=env,
                output_limit=request.limits.output_bytes,
                # The reaper stops a slow program itself; this only catches a stuck sandbox.
                wall_seconds=request.limits.wall_seconds + GRACE_SECONDS,
                user=sandbox_uid(),
            )
        except OSError as exc:
            raise SandboxError(f"could not start the {self.name} runner: {exc}") from exc
        return _completed(done)


def _reaper(python: str, request: RunRequest) -> list[str]:
    """The reaper's command line followed by the program's."""
    limits = request.limits
    spec = reaper_argv(python, limits.rlimits(), limits.wall_seconds, "{status_fd}")
    return spec + list(request.argv)


class RlimitsRunner(ReaperRunner):
    """Resource limits and an empty environment, nothing more: the program sees the host."""

    name = "rlimits"

    def command(self, request: RunRequest) -> list[str]:
        return _reaper(host_python(SANDBOX_PATH), request)

    def start_in(self, request: RunRequest) -> tuple[Path | str, dict[str, str]]:
        return request.workdir, {**ENV, "HOME": str(request.workdir)}


class BwrapRunner(ReaperRunner):
    """bubblewrap: every namespace unshared, no capabilities, an unprivileged uid, a
    read-only system, the work directory at /box and nothing of the host project."""

    name = "bwrap"

    def __init__(self, executable: str | None = None) -> None:
        self.executable = executable or shutil.which("bwrap") or "bwrap"

    def command(self, request: RunRequest) -> list[str]:
        argv = [self.executable, "--unshare-all", "--unshare-user", "--disable-userns"]
        argv += ["--die-with-parent", "--new-session", "--clearenv", "--cap-drop", "ALL"]
        argv += ["--uid", str(NOBODY), "--gid", str(NOBODY), "--hostname", "judge"]
        for name, value in ENV.items():
            argv += ["--setenv", name, value]
        argv += ["--ro-bind", "/usr", "/usr"]
        for link in ("bin", "lib", "lib32", "lib64", "libx32", "sbin"):
            if os.path.islink(f"/{link}"):  # merged /usr: recreate the symlinks
                argv += ["--symlink", os.readlink(f"/{link}"), f"/{link}"]
            elif os.path.isdir(f"/{link}"):
                argv += ["--ro-bind", f"/{link}", f"/{link}"]
        for pattern in (*SYSTEM_PATHS, *request.paths):
            for path in sorted(glob.glob(pattern)):
                argv += ["--ro-bind", path, path]
        # /dev is a tmpfs: read-only, or files there would hold memory outside every limit.
        argv += ["--proc", "/proc", "--dev", "/dev", "--remount-ro", "/dev"]
        if request.writable:
            # Compilers need scratch space; the tmpfs is capped so it cannot fill memory.
            argv += ["--bind", str(request.workdir), BOX]
            argv += ["--size", str(256 * 1024 * 1024), "--tmpfs", "/tmp"]
        else:
            argv += ["--ro-bind", str(request.workdir), BOX]
        # The reaper is pid 1 (--as-pid-1): bwrap's own init would exit unreaped, and the
        # program's rusage with it. The root is read-only: nothing to write outside /box.
        argv += ["--remount-ro", "/", "--chdir", BOX, "--as-pid-1", "--"]
        return argv + _reaper(python_path(SANDBOX_PATH) or "python3", request)

    def start_in(self, request: RunRequest) -> tuple[Path | str, dict[str, str]]:
        return "/", {}


@functools.cache
def bwrap_works(executable: str | None = None) -> bool:
    """Whether bubblewrap is installed and can create a sandbox here (checked once)."""
    exe = executable or shutil.which("bwrap")
    if not exe or not python_path(SANDBOX_PATH):
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
