"""What bubblewrap (the default sandbox) keeps away from the program: the network, the
host project, the database, other runs' files, the worker process, and its own parent."""

from __future__ import annotations

import socket
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

import algoitny_core
from algoitny_core.judge import BwrapRunner, RunRequest, run_tests
from algoitny_core.judge.languages import BUILTIN
from algoitny_core.judge.workdir import fresh_workdir, write_file

pytestmark = pytest.mark.sqlite_only

REPO = Path(algoitny_core.__file__).resolve().parent.parent
HOST_SETTINGS = Path(settings.BASE_DIR) / "settings.py"


def output_of(source: str, language: str = "python") -> str:
    """What the program printed; it must have run to its end."""
    [result] = run_tests(language, source, [("", "")]).results
    assert result.verdict == "WA", result.message
    return result.output


def attempts(*calls: str) -> str:
    """A program that tries each call and prints 'ok' or the error's class name."""
    lines = ["import os, signal, socket, sqlite3"]
    for call in calls:
        lines += ["try:", f"    {call}", "    print('ok')", "except Exception as e:"]
        lines += ["    print(type(e).__name__)"]
    return "\n".join(lines)


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A server on 127.0.0.1, standing in for PostgreSQL or Redis on the worker's host."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.setblocking(False)
        yield server


def test_no_network_not_even_loopback(listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    out = output_of(
        attempts(
            f"socket.create_connection(('127.0.0.1', {port}), 1)",
            "socket.create_connection(('127.0.0.1', 5432), 1)",
            "socket.create_connection(('1.1.1.1', 53), 1)",
        )
    )
    assert "ok" not in out.split()
    with pytest.raises(BlockingIOError):
        listener.accept()  # nobody ever knocked


def test_host_project_and_repository_are_not_there() -> None:
    assert HOST_SETTINGS.is_file()
    out = output_of(attempts(f"open({str(HOST_SETTINGS)!r}).read()", f"os.listdir({str(REPO)!r})"))
    assert out.split() == ["FileNotFoundError", "FileNotFoundError"]


def test_the_compiler_cannot_read_the_host_project_either() -> None:
    result = run_tests("cpp", f'#include "{HOST_SETTINGS}"\nint main() {{}}', [("", "")])
    assert result.verdict == "CE"
    assert "No such file or directory" in result.compile_output
    assert "INSTALLED_APPS" not in result.compile_output


@pytest.fixture
def database_file() -> Iterator[Path]:
    """An SQLite database with one row, where a host project could keep its own."""
    directory = Path(tempfile.mkdtemp(prefix="judge-db-"))
    directory.chmod(0o755)
    path = directory / "db.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE problem (title TEXT)")
        db.execute("INSERT INTO problem VALUES ('A+B')")
    path.chmod(0o666)
    yield path
    path.unlink()
    directory.rmdir()


def test_the_database_cannot_be_changed(database_file: Path) -> None:
    out = output_of(
        attempts(
            f"sqlite3.connect('file:{database_file}?mode=rw', uri=True)"
            ".execute('DELETE FROM problem').connection.commit()",
            f"os.remove({str(database_file)!r})",
            "socket.create_connection(('127.0.0.1', 5432), 1)",
        )
    )
    assert "ok" not in out.split()
    with sqlite3.connect(database_file) as db:
        assert db.execute("SELECT title FROM problem").fetchall() == [("A+B",)]


def test_other_runs_files_are_out_of_reach() -> None:
    with fresh_workdir() as other:
        write_file(other, "main.py", b"print('another user's secret solution')")
        out = output_of(attempts(f"open({str(other / 'main.py')!r}).read()", "os.listdir('/tmp')"))
    assert out.split() == ["FileNotFoundError", "FileNotFoundError"]


def test_the_program_cannot_harm_its_parent() -> None:
    out = output_of(
        attempts(
            "os.kill(os.getppid(), signal.SIGKILL)",
            "os.kill(1, signal.SIGINT)",
            "os.kill(1, signal.SIGTERM)",
            "os.kill(-1, signal.SIGKILL)",
        )
        + "\nprint('still running')"
    )
    # Signals from inside a pid namespace to its pid 1 (the reaper) are dropped.
    assert out.split()[-1] == "running"
    assert out.split()[-2] == "still"


def test_unprivileged_and_without_capabilities() -> None:
    out = output_of(
        "import os\nprint(os.getuid(), os.getgid())\n"
        "print([l for l in open('/proc/self/status') if l.startswith('CapEff')][0])"
    )
    assert out.split() == ["65534", "65534", "CapEff:", "0000000000000000"]


def test_nothing_to_write_anywhere() -> None:
    out = output_of(
        attempts(
            "open('new', 'w')",
            "open('/dev/shm/new', 'w')",
            "open('/dev/new', 'w')",
            "open('/usr/new', 'w')",
            "os.symlink('/usr', 'link')",
        )
    )
    assert "ok" not in out.split()


def test_a_symlink_planted_in_the_work_directory_leads_nowhere() -> None:
    python = BUILTIN["python"]
    with fresh_workdir() as workdir:
        (workdir / "escape").symlink_to(HOST_SETTINGS)
        write_file(workdir, "main.py", b"print(open('escape').read())")
        request = RunRequest([*python.run], workdir, python.run_limits(1.0, 64, 4096))
        done = BwrapRunner().run(request)
    assert done.exit_code == 1
    assert b"FileNotFoundError" in done.stderr
    assert b"INSTALLED_APPS" not in done.stdout


def test_the_judge_never_writes_through_a_planted_symlink(tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.write_text("untouched")
    (tmp_path / "main.py").symlink_to(target)
    with pytest.raises(FileExistsError):
        write_file(tmp_path, "main.py", b"overwritten")
    assert target.read_text() == "untouched"
