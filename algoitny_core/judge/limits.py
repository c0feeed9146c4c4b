"""Resource limits of one sandboxed run (applied by the reaper, see ``reaper.py``)."""

from __future__ import annotations

import dataclasses
import math

MIB = 1024 * 1024
# PATH inside the sandbox (and for the limits-only runner): only system directories.
SANDBOX_PATH = "/usr/local/bin:/usr/bin:/bin"


@dataclasses.dataclass(frozen=True)
class Limits:
    """Limits for one process tree. ``address_space_mb=None`` leaves RLIMIT_AS unset."""

    cpu_seconds: float
    wall_seconds: float
    memory_mb: int
    address_space_mb: int | None
    output_bytes: int
    file_bytes: int
    processes: int
    stack_mb: int
    open_files: int = 64

    def rlimits(self) -> dict[str, int]:
        """Soft limits by RLIMIT name (lower case); RLIMIT_CPU is whole seconds, so round up.

        The reaper sets each hard limit equal to the soft one, except CPU: one second above,
        so a program that catches SIGXCPU is still killed.
        """
        cpu = max(1, math.ceil(self.cpu_seconds))
        limits = {
            "cpu": cpu,
            "fsize": self.file_bytes,
            "nproc": self.processes,
            "stack": self.stack_mb * MIB,
            "nofile": self.open_files,
            "core": 0,
        }
        if self.address_space_mb is not None:
            limits["as"] = self.address_space_mb * MIB
        return limits


def wall_seconds(cpu_seconds: float) -> float:
    """Wall-clock limit for a CPU limit: a sleeping or blocked program is stopped too.

    Later than RLIMIT_CPU's soft limit, so a busy loop ends by SIGXCPU with its rusage.
    """
    return max(cpu_seconds * 2 + 1, math.ceil(cpu_seconds) + 1.5)


def compile_limits(memory_slack_mb: int | None, processes: int) -> Limits:
    """Generous fixed limits for a compiler (it is trusted code, but its input is not)."""
    memory = 1024
    return Limits(
        cpu_seconds=15.0,
        wall_seconds=30.0,
        memory_mb=memory,
        address_space_mb=None if memory_slack_mb is None else memory + max(memory_slack_mb, 1024),
        output_bytes=64 * 1024,
        file_bytes=128 * MIB,
        processes=max(processes, 64),
        stack_mb=64,
        open_files=256,
    )
