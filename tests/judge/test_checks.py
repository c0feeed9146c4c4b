"""The judge's system checks: sandbox choice (E010-E012, W010-W011), the compiled reaper
(W012), languages (E013, I010)."""

from __future__ import annotations

from typing import Any

import pytest

from algoitny_core.judge.checks import check_languages, check_reaper, check_sandbox
from algoitny_core.judge.languages import BUILTIN, OPTIONAL
from tests.judge.conftest import judge_settings

pytestmark = pytest.mark.sqlite_only


def ids(**settings: Any) -> list[str]:
    with judge_settings(**settings):
        return [m.id or "" for m in check_sandbox() + check_reaper() + check_languages()]


def sandbox_ids(**settings: Any) -> list[str]:
    return [i for i in ids(**settings) if not i.endswith("I010")]


@pytest.fixture
def no_bwrap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("algoitny_core.judge.checks.bwrap_works", lambda: False)


def test_working_bwrap_is_silent() -> None:
    assert sandbox_ids(SANDBOX=None) == []
    assert sandbox_ids(SANDBOX="bwrap", REQUIRE_SANDBOX=True) == []


@pytest.mark.usefixtures("no_bwrap")
def test_missing_bwrap() -> None:
    assert sandbox_ids(SANDBOX=None) == ["algoitny_core.W011"]
    assert sandbox_ids(SANDBOX=None, REQUIRE_SANDBOX=True) == ["algoitny_core.E010"]
    assert sandbox_ids(SANDBOX="bwrap") == ["algoitny_core.E010"]


def test_limits_only_runner() -> None:
    assert sandbox_ids(SANDBOX="rlimits") == ["algoitny_core.W010"]
    assert sandbox_ids(SANDBOX="rlimits", REQUIRE_SANDBOX=True) == ["algoitny_core.E011"]


@pytest.mark.parametrize(
    "value", ["firejail", "no.such.module.Runner", "algoitny_core.judge.limits.Limits"]
)
def test_bad_custom_runner(value: str) -> None:
    assert sandbox_ids(SANDBOX=value) == ["algoitny_core.E012"]


def test_custom_runner() -> None:
    assert sandbox_ids(SANDBOX="algoitny_core.judge.RlimitsRunner") == []


@pytest.mark.parametrize(
    ("built", "compiler", "copies", "why"),
    [
        (False, None, True, "no C compiler was found"),
        (False, "/usr/bin/cc", True, "it could not be built"),
        (True, "/usr/bin/cc", False, "bubblewrap is older than 0.5"),
    ],
)
def test_without_the_compiled_reaper_the_judge_is_slower(
    monkeypatch: pytest.MonkeyPatch, built: bool, compiler: str | None, copies: bool, why: str
) -> None:
    monkeypatch.setattr("algoitny_core.judge.checks.compiled_reaper", lambda: built or None)
    monkeypatch.setattr("algoitny_core.judge.checks.find_compiler", lambda: compiler)
    monkeypatch.setattr("algoitny_core.judge.sandbox.bwrap_copies_files", lambda exe: copies)
    with judge_settings(SANDBOX=None):
        [warning] = check_reaper()
    assert (warning.id, warning.msg) == (
        "algoitny_core.W012",
        f"The judge's compiled reaper is unavailable ({why}): each test pays a Python start-up.",
    )
    assert "Install a C compiler" in warning.hint or "Upgrade bubblewrap" in warning.hint
    assert sandbox_ids(SANDBOX="algoitny_core.judge.RlimitsRunner") == []  # not the reaper's


def test_bad_language_entry() -> None:
    assert "algoitny_core.E013" in ids(LANGUAGES={"x": {"source": "x"}})


def test_every_missing_optional_toolchain_is_reported() -> None:
    # Where java or node is missing, this is the test that runs instead of theirs.
    reported = {name for name in OPTIONAL if f"Language {name!r}" in messages()}
    assert reported == {name for name in OPTIONAL if not BUILTIN[name].available}


def test_a_missing_toolchain_is_reported_with_a_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    def which(name: str, path: str | None = None) -> str | None:
        return None if name in ("javac", "node") else f"/usr/bin/{name}"

    monkeypatch.setattr("algoitny_core.judge.languages.shutil.which", which)
    with judge_settings():
        found = [m for m in check_languages() if m.id == "algoitny_core.I010"]
    assert [m.msg for m in found] == [
        "Language 'java' is unavailable: javac not installed.",
        "Language 'javascript' is unavailable: node not installed.",
    ]
    assert found[0].hint == "Install javac to judge java submissions."


def messages() -> str:
    with judge_settings():
        return "\n".join(m.msg for m in check_languages())
