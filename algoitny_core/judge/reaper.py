"""The tiny parent every program runs under: it sets the rlimits, execs the program,
reaps it and reports the program's own rusage.

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

# Run as ``python3 -I -S -c REAPER LIMITS FD ARGV...``; LIMITS is "name=value,...",
# FD the pipe for the report "status utime stime maxrss". No json import: it doubles
# the interpreter's start-up time, which every test pays.
REAPER = """\
import os,resource as R,sys
L=sys.argv[1];fd=int(sys.argv[2]);argv=sys.argv[3:]
os.set_inheritable(fd,False)
r,w=os.pipe()
pid=os.fork()
if pid==0:
    try:
        os.close(r)
        for kv in filter(None,L.split(',')):
            k,v=kv.split('=');v=int(v)
            R.setrlimit(getattr(R,'RLIMIT_'+k.upper()),(v,v+1 if k=='cpu' else v))
        os.execvp(argv[0],argv)
    except BaseException as e:
        os.write(w,repr(e).encode()[:300])
    os._exit(127)
os.close(w)
err=os.read(r,400)
_,st,u=os.wait4(pid,0)
os.write(fd,b'E '+err.replace(b'\\n',b' ')+b'\\n' if err else
 ('S %d %.6f %.6f %d\\n'%(st,u.ru_utime,u.ru_stime,u.ru_maxrss)).encode())
"""


@dataclasses.dataclass(frozen=True)
class Report:
    """The reaper's report: the program's wait status, CPU seconds and peak RSS (KiB)."""

    exit_code: int | None
    signal: int | None
    cpu_time: float
    max_rss_kb: int


class ReaperError(Exception):
    """The reaper could not start the program (or gave no report)."""


def python_path(path: str) -> str | None:
    """The interpreter for the reaper: a system ``python3`` on ``path``, else none."""
    return shutil.which("python3", path=path)


def host_python(path: str) -> str:
    """The reaper's interpreter outside a sandbox: the system's, else the worker's own."""
    return python_path(path) or sys.executable


def reaper_argv(python: str, limits: dict[str, int], status_fd: int | str) -> list[str]:
    """The reaper's command line, to which the program's argv is appended."""
    spec = ",".join(f"{name}={value}" for name, value in limits.items())
    return [python, "-I", "-S", "-c", REAPER, spec, str(status_fd)]


def parse_report(data: bytes) -> Report:
    """Parse the report; the last line wins (a program could only write earlier ones)."""
    lines = data.strip().splitlines()
    if not lines:
        raise ReaperError("the program's parent process gave no report")
    kind, _, rest = lines[-1].partition(b" ")
    if kind == b"E":
        raise ReaperError(f"could not execute the program: {rest.decode(errors='replace')}")
    try:
        status_s, utime, stime, maxrss = rest.split()
        status = int(status_s)
        cpu, rss = float(utime) + float(stime), int(maxrss)
    except ValueError as exc:
        raise ReaperError(f"unreadable report {lines[-1][:100]!r}") from exc
    if os.WIFSIGNALED(status):
        return Report(None, os.WTERMSIG(status), cpu, rss)
    return Report(os.WEXITSTATUS(status), None, cpu, rss)
