"""A submission's program: written to a fresh work directory, compiled once, run per input."""

from __future__ import annotations

import contextlib
import dataclasses
import signal
from collections.abc import Iterator, Sequence
from pathlib import Path

from algoitny_core.conf import app_settings
from algoitny_core.judge.errors import InvalidSubmission, SandboxError
from algoitny_core.judge.languages import Language
from algoitny_core.judge.limits import Limits, compile_limits
from algoitny_core.judge.sandbox import Completed, Runner, RunRequest
from algoitny_core.judge.verdicts import Verdict
from algoitny_core.judge.workdir import fresh_workdir, write_file

MESSAGE_CHARS = 2000  # compiler messages and stderr excerpts are trimmed to this


def validate_source(source: str) -> bytes:
    """The source as bytes; ``InvalidSubmission`` (field "code") when empty or too large."""
    if not isinstance(source, str) or not source.strip():
        raise InvalidSubmission("code", "The code is empty.")
    data = source.encode()
    if len(data) > app_settings.MAX_CODE_BYTES:
        limit = app_settings.MAX_CODE_BYTES
        raise InvalidSubmission("code", f"The code is {len(data)} bytes; the limit is {limit}.")
    return data


def trim(text: bytes | str, limit: int = MESSAGE_CHARS) -> str:
    """Decoded, stripped and cut to ``limit`` characters with a note of what was cut."""
    if isinstance(text, bytes):
        text = text.decode(errors="replace")
    text = text.strip()
    if len(text) <= limit:
        return text
    return text[:limit] + f"\n... ({len(text) - limit} more characters)"


def run_retrying(runner: Runner, request: RunRequest) -> Completed:
    """Run once more if the sandbox itself failed; a second failure propagates (IE)."""
    try:
        return runner.run(request)
    except SandboxError:
        return runner.run(request)


@dataclasses.dataclass(frozen=True)
class Outcome:
    """One run, classified: ``verdict`` is None when the program ran cleanly."""

    verdict: Verdict | None
    completed: Completed
    message: str = ""

    @property
    def signal_name(self) -> str | None:
        """The name of the signal that ended the program, e.g. ``"SIGSEGV"``."""
        number = self.completed.signal
        if number is None:
            return None
        try:
            return signal.Signals(number).name
        except ValueError:
            return f"signal {number}"


def classify(done: Completed, limits: Limits, language: Language) -> Outcome:
    """The verdict a run earned before its output is checked."""
    stderr = done.stderr.decode(errors="replace")
    if done.output_exceeded:
        return Outcome(Verdict.OLE, done, f"Output exceeded {limits.output_bytes} bytes.")
    if done.timed_out or done.cpu_time > limits.cpu_seconds or done.signal == signal.SIGXCPU:
        return Outcome(Verdict.TLE, done, f"Time limit of {limits.cpu_seconds:g} s exceeded.")
    failed = done.signal is not None or done.exit_code != 0
    out_of_memory = failed and any(marker in stderr for marker in language.oom_markers)
    if done.max_rss_kb > limits.memory_mb * 1024 or out_of_memory:
        return Outcome(Verdict.MLE, done, f"Memory limit of {limits.memory_mb} MiB exceeded.")
    if done.signal is not None:
        outcome = Outcome(Verdict.RE, done)
        return dataclasses.replace(outcome, message=f"Killed by {outcome.signal_name}.")
    if done.exit_code != 0:
        return Outcome(Verdict.RE, done, f"Exit code {done.exit_code}. {trim(stderr, 500)}")
    return Outcome(None, done)


@dataclasses.dataclass
class Program:
    """A compiled program in its work directory."""

    language: Language
    workdir: Path
    runner: Runner

    def run(self, stdin: bytes, limits: Limits, args: Sequence[str] = ()) -> Outcome:
        """Run on ``stdin``; a sandbox failing twice raises ``SandboxError``."""
        argv = self.language.command(self.language.run, limits.memory_mb) + list(args)
        request = RunRequest(argv, self.workdir, limits, stdin, paths=self.language.paths)
        return classify(run_retrying(self.runner, request), limits, self.language)


class CompileError(Exception):
    """The code does not compile; the message is the compiler's, trimmed."""


@contextlib.contextmanager
def compiled(language: Language, source: bytes, runner: Runner) -> Iterator[Program]:
    """Write and compile ``source``; raises ``CompileError`` (CE) or ``SandboxError`` (IE)."""
    with fresh_workdir() as workdir:
        write_file(workdir, language.source, source)
        if language.compile:
            limits = compile_limits(language.memory_slack_mb, language.processes)
            argv = language.command(language.compile, limits.memory_mb)
            request = RunRequest(argv, workdir, limits, writable=True, paths=language.paths)
            done = run_retrying(runner, request)
            if done.timed_out or done.cpu_time > limits.cpu_seconds:
                raise CompileError("Compilation exceeded its time limit.")
            if done.output_exceeded or done.exit_code != 0:
                message = (
                    trim(done.stderr + done.stdout) or f"Compiler exit status {done.exit_code}"
                )
                raise CompileError(message)
        yield Program(language, workdir, runner)
