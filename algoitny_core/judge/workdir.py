"""Fresh, private working directories and files written without following symlinks."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

# When the worker runs as root, sandboxed programs run as this unprivileged host uid:
# the kernel exempts root from RLIMIT_NPROC, so a fork bomb would not be stopped.
NOBODY = 65534


def sandbox_uid() -> int | None:
    """The host uid sandboxed programs run as, or None to keep the worker's own."""
    return NOBODY if os.geteuid() == 0 else None


@contextlib.contextmanager
def fresh_workdir() -> Iterator[Path]:
    """A new empty directory (mkdtemp: created, never reused) removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix="algoitny-judge-"))
    try:
        uid = sandbox_uid()
        if uid is not None:
            os.chown(path, uid, uid)
        yield path
    finally:
        # rmtree removes symlinks themselves and never follows them.
        shutil.rmtree(path, ignore_errors=True)


def write_file(directory: Path, name: str, data: bytes, *, mode: int = 0o644) -> Path:
    """Create ``directory/name`` afresh; refuses an existing file or a planted symlink."""
    if "/" in name or name in ("", ".", ".."):
        raise ValueError(f"not a plain file name: {name!r}")
    dir_fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        fd = os.open(name, flags, mode, dir_fd=dir_fd)
    finally:
        os.close(dir_fd)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        os.fchmod(handle.fileno(), mode)  # the umask must not take the read bits away
    return directory / name
