"""Start a process, feed it stdin, read capped stdout/stderr and a status pipe, enforce
the wall-clock limit, and kill whatever it started once it is done."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import selectors
import signal
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

STDERR_LIMIT = 64 * 1024
_CHUNK = 64 * 1024


@dataclasses.dataclass(frozen=True)
class Finished:
    """What the judge saw of one process: its streams, wall time and why it stopped."""

    stdout: bytes
    stderr: bytes
    status: bytes
    wall_time: float
    timed_out: bool = False
    output_exceeded: bool = False


def execute(
    argv: Sequence[str],
    *,
    stdin: bytes,
    cwd: Path | str,
    env: dict[str, str],
    output_limit: int,
    wall_seconds: float,
    user: int | None = None,
    pass_fds: Sequence[int] = (),
) -> Finished:
    """Run ``argv`` with a status pipe on the fd number it was given in its argv's
    ``{status_fd}`` (and ``pass_fds`` open); never raises for the program's behaviour,
    only if it cannot start."""
    read_fd, write_fd = os.pipe()
    argv = [arg.replace("{status_fd}", str(write_fd)) for arg in argv]
    started = time.monotonic()
    try:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=env,
            # Its own process group, so one kill reaches everything it started.
            start_new_session=True,
            pass_fds=(write_fd, *pass_fds),
            # Set by subprocess's C fork code, not a preexec_fn: safe with threads.
            user=user,
            group=user,
            extra_groups=[] if user is not None else None,
        )
    except BaseException:
        os.close(read_fd)
        raise
    finally:
        os.close(write_fd)
    try:
        return _supervise(proc, stdin, output_limit, started, wall_seconds, read_fd)
    finally:
        os.close(read_fd)
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            with contextlib.suppress(OSError):
                stream.close()  # type: ignore[union-attr]


def _kill(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def _supervise(
    proc: subprocess.Popen[bytes],
    stdin: bytes,
    output_limit: int,
    started: float,
    wall_seconds: float,
    status_fd: int,
) -> Finished:
    assert proc.stdin and proc.stdout and proc.stderr
    deadline = started + wall_seconds
    out, err, status = bytearray(), bytearray(), bytearray()
    buffers = {proc.stdout.fileno(): out, proc.stderr.fileno(): err, status_fd: status}
    caps = {proc.stdout.fileno(): output_limit + 1, proc.stderr.fileno(): STDERR_LIMIT}
    caps[status_fd] = STDERR_LIMIT
    sel = selectors.DefaultSelector()
    for fd in buffers:
        os.set_blocking(fd, False)
        sel.register(fd, selectors.EVENT_READ)
    pending = memoryview(stdin)
    in_fd = proc.stdin.fileno()
    if pending:
        os.set_blocking(in_fd, False)
        sel.register(in_fd, selectors.EVENT_WRITE)
    else:
        proc.stdin.close()
    # A pidfd becomes readable when the process exits: no polling.
    pidfd = os.pidfd_open(proc.pid) if hasattr(os, "pidfd_open") else None
    if pidfd is not None:
        sel.register(pidfd, selectors.EVENT_READ)
    timed_out = exceeded = exited = False
    out_fd = proc.stdout.fileno()
    try:
        while not exited:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            events = sel.select(remaining if pidfd is not None else min(remaining, 0.005))
            if pidfd is None and proc.poll() is not None:
                exited = True
            for key, _ in events:
                fd = key.fd
                if fd == pidfd:
                    exited = True
                elif fd == in_fd:
                    try:
                        pending = pending[os.write(fd, pending[:_CHUNK]) :]
                    except BlockingIOError:
                        continue
                    except BrokenPipeError:
                        pending = pending[:0]  # the program stopped reading: fine
                    if not pending:
                        sel.unregister(fd)
                        proc.stdin.close()
                elif _read(fd, buffers[fd], caps[fd]) == 0:
                    sel.unregister(fd)
            if len(out) > output_limit and not exceeded:
                # Stop reading rather than kill: the program's next write fails (SIGPIPE),
                # it ends, and the sandbox reports and tears down as after any other end.
                exceeded = True
                sel.unregister(out_fd)
                del buffers[out_fd]
                proc.stdout.close()
    finally:
        sel.close()
        if pidfd is not None:
            os.close(pidfd)
    # Kill the group before reaping (the unreaped leader keeps its pid from reuse), so
    # nothing the program started outlives it. os.killpg, not proc.kill(): that polls.
    _kill(proc)
    proc.wait()
    # What is still buffered in the pipes; bounded, since a stray writer could go on.
    for fd, buf in buffers.items():
        for _ in range(64):
            if _read(fd, buf, caps[fd]) <= 0:
                break
    return Finished(
        stdout=bytes(out[: output_limit + 1]),
        stderr=bytes(err),
        status=bytes(status),
        wall_time=time.monotonic() - started,
        timed_out=timed_out,
        output_exceeded=exceeded or len(out) > output_limit,
    )


def _read(fd: int, buf: bytearray, cap: int) -> int:
    """Read one chunk into ``buf`` up to ``cap`` bytes (the rest is drained and dropped)."""
    try:
        chunk = os.read(fd, _CHUNK)
    except (BlockingIOError, OSError):
        return -1
    if len(buf) < cap:
        buf += chunk[: cap - len(buf)]
    return len(chunk)
