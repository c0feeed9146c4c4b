"""The tiny parent every program runs under: it sets the rlimits, execs the program,
reaps it and reports the program's own rusage. ``reaper.c`` is the same in C (see
``native.py``), used wherever a C compiler could build it; this one is the fallback.

Why a separate parent and not ``preexec_fn``: the judge runs tests from several threads,
and Python documents ``preexec_fn`` as unsafe when threads are running (the child may
deadlock on a lock another thread held at fork time). The reaper is a fresh process with
one thread, where fork and setrlimit are safe.

Why not read rusage from our own ``wait4``: a child's peak RSS includes the memory image
it was forked from (the whole worker, tens or hundreds of MiB), and under bubblewrap the
program is a grandchild whose rusage bwrap never hands back. The reaper's own image is
a few MiB, so that is the floor of the reported memory.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import sys
from collections.abc import Sequence

# Run as ``python3 -I -S -c REAPER LIMITS WALL FD ARGV...``; LIMITS is "name=value,...",
# WALL the wall-clock limit in seconds, FD the pipe for the report
# "S status utime stime maxrss timed_out". No json import: it doubles the interpreter's
# start-up time, which every test pays.
#
# Signals: Python ignores SIGPIPE and SIGXFSZ and the program would inherit that, so the
# child restores them; the reaper drops Python's SIGINT handler, so that as pid 1 of a
# sandbox the program cannot interrupt it. At the wall-clock limit the reaper kills the
# program itself and still reports its rusage; as pid 1 its exit then takes every process
# left in the sandbox with it before bwrap returns.
REAPER = """\
import os,resource as R,sys,_signal as S
L=sys.argv[1];wall=float(sys.argv[2]);fd=int(sys.argv[3]);argv=sys.argv[4:]
os.set_inheritable(fd,False)
S.signal(S.SIGINT,S.SIG_DFL)
r,w=os.pipe()
pid=os.fork()
if pid==0:
    try:
        os.close(r)
        S.signal(S.SIGPIPE,S.SIG_DFL);S.signal(S.SIGXFSZ,S.SIG_DFL)
        for kv in filter(None,L.split(',')):
            k,v=kv.split('=');v=int(v)
            R.setrlimit(getattr(R,'RLIMIT_'+k.upper()),(v,v+1 if k=='cpu' else v))
        os.execvp(argv[0],argv)
    except BaseException as e:
        os.write(w,repr(e).encode()[:300])
    os._exit(127)
os.close(w)
t=[0]
def stop(*a):
    try:os.kill(pid,9);t[0]=1
    except OSError:pass
S.signal(S.SIGALRM,stop);S.setitimer(S.ITIMER_REAL,wall)
err=os.read(r,400)
_,st,u=os.wait4(pid,0)
S.setitimer(S.ITIMER_REAL,0)
os.write(fd,b'E '+err.replace(b'\\n',b' ')+b'\\n' if err else
 ('S %d %.6f %.6f %d %d\\n'%(st,u.ru_utime,u.ru_stime,u.ru_maxrss,t[0])).encode())
"""


@dataclasses.dataclass(frozen=True)
class Report:
    """The reaper's report: the program's wait status, CPU seconds and peak RSS (KiB)."""

    exit_code: int | None
    signal: int | None
    cpu_time: float
    max_rss_kb: int
    timed_out: bool = False


class ReaperError(Exception):
    """The reaper could not start the program (or gave no report)."""


def python_path(path: str) -> str | None:
    """The interpreter for the reaper: a system ``python3`` on ``path``, else none."""
    return shutil.which("python3", path=path)


def host_python(path: str) -> str:
    """The reaper's interpreter outside a sandbox: the system's, else the worker's own."""
    return python_path(path) or sys.executable


def python_reaper(python: str) -> list[str]:
    """The Python reaper's own command line, to which ``reaper_argv`` adds its arguments."""
    return [python, "-I", "-S", "-c", REAPER]


def reaper_argv(
    reaper: Sequence[str], limits: dict[str, int], wall_seconds: float, status_fd: int | str
) -> list[str]:
    """The reaper's command line (``reaper``: the Python one's or the compiled one's path),
    to which the program's argv is appended."""
    spec = ",".join(f"{name}={value}" for name, value in limits.items())
    return [*reaper, spec, f"{wall_seconds:g}", str(status_fd)]


def parse_report(data: bytes) -> Report:
    """Parse the report; the last line wins (a program could only write earlier ones)."""
    lines = data.strip().splitlines()
    if not lines:
        raise ReaperError("the program's parent process gave no report")
    kind, _, rest = lines[-1].partition(b" ")
    if kind == b"E":
        raise ReaperError(f"could not execute the program: {rest.decode(errors='replace')}")
    try:
        status_s, utime, stime, maxrss, timed_out = rest.split()
        status = int(status_s)
        cpu, rss, late = float(utime) + float(stime), int(maxrss), timed_out == b"1"
    except ValueError as exc:
        raise ReaperError(f"unreadable report {lines[-1][:100]!r}") from exc
    if os.WIFSIGNALED(status):
        return Report(None, os.WTERMSIG(status), cpu, rss, late)
    return Report(os.WEXITSTATUS(status), None, cpu, rss, late)
