"""System checks for the judge: a sandbox that cannot work fails at startup, not per run."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Info, Warning, register

from algoitny_core.conf import SETTING_NAME, app_settings, import_setting
from algoitny_core.judge.languages import BUILTIN, OPTIONAL, language_from_setting
from algoitny_core.judge.native import compiled_reaper, find_compiler
from algoitny_core.judge.sandbox import BwrapRunner, Runner, bwrap_works

TAG = "algoitny_core"
_SANDBOX = f'{SETTING_NAME}["SANDBOX"]'


@register(TAG)
def check_sandbox(**kwargs: Any) -> list[CheckMessage]:
    """The configured sandbox exists and is what REQUIRE_SANDBOX demands."""
    choice, required = app_settings.SANDBOX, app_settings.REQUIRE_SANDBOX
    if choice in (None, "bwrap") and not bwrap_works():
        hint = "Install bubblewrap (Debian: apt-get install bubblewrap) and allow user namespaces."
        if required or choice == "bwrap":
            why = "REQUIRE_SANDBOX is set" if required else f"{_SANDBOX} is 'bwrap'"
            msg = f"{why} but bubblewrap cannot create a sandbox here."
            return [Error(msg, hint=hint, id="algoitny_core.E010")]
        msg = "bubblewrap cannot create a sandbox here: code runs with resource limits only."
        return [Warning(msg, hint=hint, id="algoitny_core.W011")]
    if choice == "rlimits":
        if required:
            msg = f'REQUIRE_SANDBOX is set but {_SANDBOX} is "rlimits".'
            hint = f'Remove {_SANDBOX} (bwrap is the default) or set it to "bwrap".'
            return [Error(msg, hint=hint, id="algoitny_core.E011")]
        msg = f'{_SANDBOX} is "rlimits": untrusted code runs with resource limits only.'
        hint = "Use it for development only; production needs bubblewrap."
        return [Warning(msg, hint=hint, id="algoitny_core.W010")]
    if choice in (None, "bwrap"):
        return []
    return _check_custom_runner(choice)


@register(TAG)
def check_reaper(**kwargs: Any) -> list[CheckMessage]:
    """The built-in runners have the compiled reaper (built here on first use)."""
    choice = app_settings.SANDBOX
    if choice not in (None, "bwrap", "rlimits"):
        return []
    if not compiled_reaper():
        why = "no C compiler was found" if find_compiler() is None else "it could not be built"
        hint = "Install a C compiler (Debian: apt-get install gcc); it builds the reaper once."
    elif choice != "rlimits" and bwrap_works() and not BwrapRunner().compiled():
        why = "bubblewrap is older than 0.5"
        hint = "Upgrade bubblewrap to 0.5 or later."
    else:
        return []
    msg = f"The judge's compiled reaper is unavailable ({why}): each test pays a Python start-up."
    return [Warning(msg, hint=hint, id="algoitny_core.W012")]


def _check_custom_runner(choice: str) -> list[CheckMessage]:
    hint = f'{_SANDBOX} is "bwrap", "rlimits" or the dotted path of a Runner class.'
    if "." not in choice:
        return [Error(f"Unknown {_SANDBOX} value {choice!r}.", hint=hint, id="algoitny_core.E012")]
    try:
        runner = import_setting("SANDBOX")
    except ImportError as exc:
        msg = f"{_SANDBOX} = {choice!r} cannot be imported: {exc}"
        return [Error(msg, hint=hint, id="algoitny_core.E012")]
    if not (isinstance(runner, type) and hasattr(runner, "run")) and not isinstance(runner, Runner):
        msg = f"{_SANDBOX} = {choice!r} is not a runner (no run method)."
        return [Error(msg, hint=hint, id="algoitny_core.E012")]
    return []


@register(TAG)
def check_languages(**kwargs: Any) -> list[CheckMessage]:
    """Host language entries are well formed; optional toolchains are reported."""
    messages: list[CheckMessage] = []
    entries = app_settings.LANGUAGES
    for name, entry in entries.items():
        try:
            language_from_setting(name, entry, BUILTIN.get(name))
        except ValueError as exc:
            messages.append(
                Error(
                    f'{SETTING_NAME}["LANGUAGES"][{name!r}] is invalid: {exc}.',
                    hint="Give a dict of Language fields, e.g. source, run, compile.",
                    id="algoitny_core.E013",
                )
            )
    for name in sorted(OPTIONAL - set(entries)):
        language = BUILTIN[name]
        if not language.available:
            missing = ", ".join(language.missing)
            messages.append(
                Info(
                    f"Language {name!r} is unavailable: {missing} not installed.",
                    hint=f"Install {missing} to judge {name} submissions.",
                    id="algoitny_core.I010",
                )
            )
    return messages
