"""The language registry: how to compile and run each language, and its limit rules.

Built-in: ``python``, ``cpp`` (g++ -std=c++17 -O2), and ``java`` / ``javascript``
when their toolchains are installed. A host adds or overrides languages with
``ALGOITNY["LANGUAGES"] = {"name": {field: value, ...}}`` using the fields of
:class:`Language`; an override of a built-in changes only the fields it names.
"""

from __future__ import annotations

import dataclasses
import shutil
from typing import Any

from algoitny_core.conf import app_settings
from algoitny_core.judge.errors import InvalidSubmission
from algoitny_core.judge.limits import SANDBOX_PATH, Limits, wall_seconds


@dataclasses.dataclass(frozen=True)
class Language:
    """One language. Commands may use ``{memory_mb}``; they run in the work directory."""

    name: str
    source: str
    run: tuple[str, ...]
    compile: tuple[str, ...] | None = None
    # Effective time limit = time_limit * time_multiplier + time_offset.
    time_multiplier: float = 1.0
    time_offset: float = 0.0
    # RLIMIT_AS = memory limit + slack; None leaves it unset (runtimes that reserve far
    # more address space than they use). Peak RSS is checked against the limit either way.
    memory_slack_mb: int | None = 64
    processes: int = 16
    open_files: int = 64
    # Extra read-only host paths the toolchain needs inside the sandbox (e.g. /etc/java-17-openjdk).
    paths: tuple[str, ...] = ()
    # Messages on stderr that mean the program ran out of memory (MLE rather than RE).
    oom_markers: tuple[str, ...] = ()

    @property
    def executables(self) -> tuple[str, ...]:
        """The programs the language needs from the system."""
        commands = [self.run[0]] + ([self.compile[0]] if self.compile else [])
        return tuple(dict.fromkeys(c for c in commands if not c.startswith("./")))

    @property
    def missing(self) -> tuple[str, ...]:
        """The executables not installed in the system directories."""
        return tuple(exe for exe in self.executables if not shutil.which(exe, path=SANDBOX_PATH))

    @property
    def available(self) -> bool:
        """Whether every executable is installed in the system directories."""
        return not self.missing

    def time_limit(self, time_limit: float) -> float:
        """The effective CPU time limit in seconds for a problem's ``time_limit``."""
        return round(time_limit * self.time_multiplier + self.time_offset, 3)

    def run_limits(self, time_limit: float, memory_mb: int, output_bytes: int) -> Limits:
        """Limits of one test run."""
        cpu = self.time_limit(time_limit)
        slack = self.memory_slack_mb
        return Limits(
            cpu_seconds=cpu,
            wall_seconds=wall_seconds(cpu),
            memory_mb=memory_mb,
            address_space_mb=None if slack is None else memory_mb + slack,
            output_bytes=output_bytes,
            file_bytes=output_bytes,
            processes=self.processes,
            stack_mb=memory_mb,
            open_files=self.open_files,
        )

    def command(self, argv: tuple[str, ...], memory_mb: int) -> list[str]:
        """``argv`` with ``{memory_mb}`` filled in."""
        return [arg.format(memory_mb=memory_mb) for arg in argv]


_JAVA_FLAGS = ("-Xss64m", "-XX:+UseSerialGC", "-XX:-UsePerfData")

BUILTIN: dict[str, Language] = {
    lang.name: lang
    for lang in (
        Language(
            name="python",
            source="main.py",
            compile=("python3", "-m", "py_compile", "main.py"),
            run=("python3", "main.py"),
            time_multiplier=3.0,
            time_offset=2.0,
            oom_markers=("MemoryError",),
        ),
        Language(
            name="cpp",
            source="main.cpp",
            compile=("g++", "-std=c++17", "-O2", "-pipe", "-o", "main", "main.cpp"),
            run=("./main",),
            memory_slack_mb=16,
            oom_markers=("std::bad_alloc",),
        ),
        Language(
            name="java",
            source="Main.java",
            compile=(
                "javac",
                "-J-Xmx512m",
                "-J-XX:+UseSerialGC",
                "-encoding",
                "UTF-8",
                "Main.java",
            ),
            run=("java", "-Xmx{memory_mb}m", *_JAVA_FLAGS, "-cp", ".", "Main"),
            time_multiplier=2.0,
            time_offset=1.0,
            memory_slack_mb=4096,
            processes=64,
            open_files=256,
            paths=("/etc/java-*",),
            oom_markers=("java.lang.OutOfMemoryError",),
        ),
        Language(
            name="javascript",
            source="main.js",
            compile=("node", "--check", "main.js"),
            run=("node", "--max-old-space-size={memory_mb}", "main.js"),
            time_multiplier=3.0,
            time_offset=2.0,
            memory_slack_mb=2048,
            processes=32,
            oom_markers=("JavaScript heap out of memory",),
        ),
    )
}
OPTIONAL = frozenset({"java", "javascript"})
FIELDS = {f.name: f for f in dataclasses.fields(Language)}


def language_from_setting(name: str, entry: Any, base: Language | None = None) -> Language:
    """Build a language from a ``LANGUAGES`` entry; ``ValueError`` says what is wrong."""
    if not isinstance(entry, dict):
        raise ValueError(f"must be a dict of Language fields, not {type(entry).__name__}")
    unknown = set(entry) - set(FIELDS) - {"name"}
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {}
    for key, value in entry.items():
        if key in ("run", "compile", "paths", "oom_markers"):
            if value is None and key == "compile":
                values[key] = None
                continue
            if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"{key!r} must be a list of strings")
            values[key] = tuple(value)
        elif key in ("time_multiplier", "time_offset"):
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValueError(f"{key!r} must be a non-negative number")
            values[key] = float(value)
        elif key in ("memory_slack_mb", "processes", "open_files"):
            ok = value is None and key == "memory_slack_mb"
            if not ok and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
                raise ValueError(f"{key!r} must be a positive integer")
            values[key] = value
        elif key == "source" and (not isinstance(value, str) or "/" in value or not value):
            raise ValueError("'source' must be a plain file name")
        elif key == "source":
            values[key] = value
    values["name"] = name
    if base is not None:
        return dataclasses.replace(base, **values)
    missing = {"source", "run"} - set(values)
    if missing:
        raise ValueError(f"a new language needs {' and '.join(sorted(missing))}")
    if not values["run"]:
        raise ValueError("'run' must not be empty")
    return Language(**values)


def registry() -> dict[str, Language]:
    """Every configured language by name (built-ins merged with the host's additions)."""
    languages = dict(BUILTIN)
    for name, entry in app_settings.LANGUAGES.items():
        languages[name] = language_from_setting(name, entry, BUILTIN.get(name))
    return languages


def available_languages() -> dict[str, Language]:
    """Configured languages whose toolchains are installed here."""
    return {name: lang for name, lang in registry().items() if lang.available}


def get_language(name: str) -> Language:
    """The language called ``name``; ``InvalidSubmission`` when unknown or not installed."""
    languages = registry()
    lang = languages.get(name)
    if lang is None:
        known = ", ".join(sorted(languages))
        raise InvalidSubmission("language", f"Unknown language {name!r}; choose one of {known}.")
    if not lang.available:
        missing = ", ".join(lang.missing)
        raise InvalidSubmission("language", f"Language {name!r} is not installed ({missing}).")
    return lang
