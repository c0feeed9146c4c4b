"""The compiled reaper: ``reaper.c`` built once per host with the system C compiler into a
private cache, checked, and held open for the life of the process.

The Python reaper costs each test an interpreter start (several ms); this one costs
well under one. Without a C compiler ``compiled_reaper()`` is None and the judge uses the
Python reaper (a system check says so).

A cached binary is named ``reaper-KEY-DIGEST``: KEY hashes the source and flags, so an
edited source is never served a stale binary, and DIGEST is the binary's own SHA-256, so a
binary changed after it was built is deleted and rebuilt. The cache directory must be the
worker's own and writable by no one else; files in it are opened without following
symlinks, written under a fresh name and renamed into place.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import hashlib
import os
import secrets
import shutil
import stat
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from algoitny_core.judge.limits import SANDBOX_PATH

SOURCE = Path(__file__).with_name("reaper.c")
COMPILERS = ("cc", "gcc", "clang")
FLAGS = ("-O2",)
_NOFOLLOW = os.O_NOFOLLOW | os.O_CLOEXEC


@dataclasses.dataclass(frozen=True)
class CompiledReaper:
    """An open, checked binary of ``reaper.c``; ``path`` executes it wherever ``fd`` is passed."""

    fd: int
    key: str

    @property
    def path(self) -> str:
        return f"/proc/self/fd/{self.fd}"

    @contextlib.contextmanager
    def copy(self) -> Iterator[int]:
        """A new descriptor of the binary at offset 0, for one reader (shares no offset)."""
        fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
        try:
            yield fd
        finally:
            os.close(fd)


def source_key(source: bytes) -> str:
    """What a binary must be built from: the source and the flags."""
    return hashlib.sha256(b"\0".join([source, *(f.encode() for f in FLAGS)])).hexdigest()[:16]


def find_compiler() -> str | None:
    """The system's C compiler, if any."""
    for name in COMPILERS:
        if found := shutil.which(name, path=SANDBOX_PATH):
            return found
    return None


def cache_dirs() -> list[Path]:
    """Where the binary may be kept: the user's cache directory, else a per-uid tempdir."""
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    tmp = Path(tempfile.gettempdir(), f"algoitny-core-{os.geteuid()}")
    return [Path(home, "algoitny-core"), tmp]


@contextlib.contextmanager
def private_dir(path: Path) -> Iterator[int]:
    """``path`` opened as a directory fd, created if missing; ``OSError`` unless it is a
    real directory (not a symlink) owned by this uid that no one else may write to."""
    with contextlib.suppress(FileExistsError):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.mkdir(mode=0o700)
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | _NOFOLLOW)
    try:
        info = os.fstat(fd)
        if info.st_uid != os.geteuid() or info.st_mode & 0o022:
            raise PermissionError(f"{path} is not a private directory")
        yield fd
    finally:
        os.close(fd)


def open_cached(dir_fd: int, key: str) -> CompiledReaper | None:
    """A valid binary for ``key`` from the cache; invalid ones are deleted."""
    prefix = f"reaper-{key}-"
    for name in sorted(os.listdir(dir_fd)):
        if not name.startswith(prefix):
            continue
        try:
            fd = os.open(name, os.O_RDONLY | _NOFOLLOW, dir_fd=dir_fd)
        except OSError:
            fd = -1  # a symlink, or gone meanwhile
        if fd >= 0 and _valid(fd, key, name.removeprefix(prefix)):
            return CompiledReaper(fd, key)
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=dir_fd)
    return None


def _valid(fd: int, key: str, digest: str) -> bool:
    """Ours, written by no one else, the digest in its name, and it runs and knows its key."""
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o022:
        return False
    sha, offset = hashlib.sha256(), 0
    while chunk := os.pread(fd, 1 << 16, offset):
        sha.update(chunk)
        offset += len(chunk)
    if sha.hexdigest() != digest:
        return False
    for attempt in range(5):
        try:
            done = subprocess.run(
                [f"/proc/self/fd/{fd}", "--key"], capture_output=True, pass_fds=(fd,), timeout=10
            )
        except OSError as exc:
            # ETXTBSY: a child forked while the binary was open for writing holds it
            # until it execs; that passes.
            if exc.errno != errno.ETXTBSY:
                return False
            time.sleep(0.02 * (attempt + 1))
            continue
        except subprocess.SubprocessError:
            return False
        return done.returncode == 0 and done.stdout.strip() == key.encode()
    return False


def build(dir_fd: int, compiler: str, source: bytes, key: str) -> None:
    """Compile ``source`` into the cache as ``reaper-KEY-DIGEST``; ``OSError`` or
    ``CalledProcessError`` if that fails."""
    with tempfile.TemporaryDirectory(prefix="algoitny-reaper-") as scratch:
        src, out = Path(scratch, "reaper.c"), Path(scratch, "reaper")
        src.write_bytes(source)
        argv = [compiler, *FLAGS, f'-DREAPER_KEY="{key}"', "-o", str(out), str(src)]
        # No compiler settings from the worker's environment (CPATH, GCC_EXEC_PREFIX...).
        env = {"PATH": SANDBOX_PATH, "LANG": "C"}
        subprocess.run(argv, capture_output=True, check=True, timeout=120, cwd=scratch, env=env)
        binary = out.read_bytes()
    name = f"reaper-{key}-{hashlib.sha256(binary).hexdigest()}"
    temporary = f".{name}.{secrets.token_hex(8)}"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o755, dir_fd=dir_fd)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(binary)
            os.fchmod(handle.fileno(), 0o755)  # the sandbox uid executes it
        os.rename(temporary, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=dir_fd)
        raise


def load_or_build(directory: Path, compiler: str | None) -> CompiledReaper | None:
    """The reaper from ``directory``'s cache, built there first if needed; None if the
    directory is unsafe or there is no compiler or the build fails."""
    source = SOURCE.read_bytes()
    key = source_key(source)
    try:
        with private_dir(directory) as dir_fd:
            if found := open_cached(dir_fd, key):
                return found
            if compiler is None:
                return None
            build(dir_fd, compiler, source, key)
            return open_cached(dir_fd, key)
    except (OSError, subprocess.SubprocessError):
        return None


_lock = threading.Lock()
_loaded: list[CompiledReaper | None] = []


def _reset_lock() -> None:
    global _lock
    _lock = threading.Lock()  # a forked worker must not inherit it held by another thread


os.register_at_fork(after_in_child=_reset_lock)


def compiled_reaper() -> CompiledReaper | None:
    """The process's compiled reaper, found or built on first use; None without a compiler."""
    with _lock:
        if not _loaded:
            compiler = find_compiler()
            found = None
            for directory in cache_dirs():
                if found := load_or_build(directory, compiler):
                    break
            _loaded.append(found)
        return _loaded[0]
