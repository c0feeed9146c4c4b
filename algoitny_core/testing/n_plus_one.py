"""``detect_n_plus_one``: nplusone's lazy-load detection, made to work on Django 5.2 and 6.x.

nplusone patches Django when ``nplusone.ext.django.patch`` is imported; that happens
on the first call here, not at import, so projects that never ask pay nothing.
"""

from __future__ import annotations

import inspect
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.db.models import query

from algoitny_core.testing.exceptions import QueryBudgetExceeded
from algoitny_core.testing.log import find_origin, short_path

__all__ = ["LazyLoadDetected", "detect_n_plus_one", "patch_nplusone"]

_lock = threading.Lock()
_patched = False


class LazyLoadDetected(QueryBudgetExceeded):
    """A related object or deferred field was loaded one row at a time."""


def _normalize_populator_args(signature: inspect.Signature) -> None:
    # nplusone 1.0 unpacks the populator's arguments as (klass_info, select, db); Django 6.1
    # passes a fourth, fetch_mode. Store them bound by name, in nplusone's 3-tuple shape.
    nplusone_init = query.RelatedPopulator.__init__

    def related_populator_init(self: Any, *args: Any, **kwargs: Any) -> None:
        nplusone_init(self, *args, **kwargs)
        bound = signature.bind_partial(self, *args, **kwargs).arguments
        self.__nplusone__ = {
            "args": (bound.get("klass_info"), bound.get("select"), bound.get("db")),
            "kwargs": {},
        }

    query.RelatedPopulator.__init__ = related_populator_init  # type: ignore[method-assign]


def _forget_related_managers() -> None:
    # nplusone replaces the functions that build related-manager classes, but Django caches
    # each built class on its descriptor: managers used before the patch would go unseen.
    from django.db.models.fields.related_descriptors import (
        ManyToManyDescriptor,
        ReverseManyToOneDescriptor,
    )

    for model in apps.get_models():
        for value in vars(model).values():
            if isinstance(value, ReverseManyToOneDescriptor | ManyToManyDescriptor):
                value.__dict__.pop("related_manager_cls", None)


def patch_nplusone() -> None:
    """Import nplusone's Django patch once, with the compatibility fixes above."""
    global _patched
    with _lock:
        if _patched:
            return
        signature = inspect.signature(query.RelatedPopulator.__init__)
        import nplusone.ext.django.patch  # noqa: F401  (patches Django on import)

        if list(signature.parameters)[1:4] != ["klass_info", "select", "db"]:
            raise RuntimeError(f"Unsupported RelatedPopulator signature {signature}")
        _normalize_populator_args(signature)
        _forget_related_managers()
        _patched = True


@contextmanager
def _deferred_field_guard() -> Iterator[None]:
    """Django 6.1+: loading a deferred field on a row fetched among others is an N+1."""
    try:
        from django.db.models.fetch_modes import FETCH_ONE, FETCH_RAISE, FetchMode
        from django.db.models.query_utils import DeferredAttribute
    except ImportError:  # Django < 6.1 has no fetch modes
        yield
        return

    class FetchOneUnlessPeers(FetchMode):
        # FETCH_RAISE for a deferred field of a row that had peers, FETCH_ONE otherwise:
        # a single ``get()`` may still load a deferred field without an error.
        track_peers = True

        def fetch(self, fetcher: Any, instance: Any) -> None:
            peers = [p for ref in instance._state.peers if (p := ref()) is not None]
            if isinstance(fetcher, DeferredAttribute) and len(peers) > 1:
                FETCH_RAISE.fetch(fetcher, instance)
            FETCH_ONE.fetch(fetcher, instance)

    previous = query.DEFAULT_FETCH_MODE
    query.DEFAULT_FETCH_MODE = FetchOneUnlessPeers()
    try:
        yield
    finally:
        query.DEFAULT_FETCH_MODE = previous


def _origin(error: BaseException) -> str:
    # The innermost frame of the traceback that is the project's own code.
    origin = "?"
    for frame, line in traceback.walk_tb(error.__traceback__):
        if find_origin(frame) is frame:
            origin = f"{short_path(frame.f_code.co_filename)}:{line} in {frame.f_code.co_name}"
    return origin


@contextmanager
def detect_n_plus_one(
    *, unused_eager_loads: bool = True, ignore: list[dict[str, Any]] | None = None
) -> Iterator[None]:
    """Fail at the first lazy load in the block (and, at its end, on unused eager loads).

    ``ignore`` takes nplusone whitelist entries (``{"model": "app.Model", "field": "x"}``).
    """
    patch_nplusone()
    from nplusone.core.exceptions import NPlusOneError
    from nplusone.core.profiler import Profiler
    from nplusone.ext.django.middleware import DjangoRule

    try:
        from django.core.exceptions import FieldFetchBlocked
    except ImportError:  # Django < 6.1
        blocked: tuple[type[BaseException], ...] = ()
    else:
        blocked = (FieldFetchBlocked,)

    rules = [DjangoRule(**item) for item in ignore or []]
    if not unused_eager_loads:
        rules.append(DjangoRule(label="unused_eager_load"))
    profiler = Profiler()
    # DjangoRule matches "app_label.Model" names, as nplusone's own middleware does.
    profiler.whitelist = rules
    profiler.__enter__()
    listeners = list(profiler.listeners.values())
    try:
        with _deferred_field_guard():
            yield
        profiler.__exit__(None, None, None)  # reports unused eager loads
    except NPlusOneError as error:
        raise LazyLoadDetected(f"{error}\n  at {_origin(error)}") from error
    except blocked as error:
        where = _origin(error)
        message = f"Potential n+1 query detected on a deferred field: {error}\n  at {where}"
        raise LazyLoadDetected(message) from error
    finally:
        _disconnect(listeners)


def _disconnect(listeners: list[Any]) -> None:
    # nplusone's lazy-load listener never disconnects; while a failed test's traceback
    # keeps it alive it would go on raising in later blocks, whatever their rules.
    from nplusone.core import signals

    for listener in listeners:
        for signal in (signals.load, signals.ignore_load, signals.lazy_load, signals.eager_load):
            for name in ("handle_load", "handle_ignore", "handle_lazy", "handle_eager"):
                if hasattr(listener, name):
                    signal.disconnect(getattr(listener, name))
        if hasattr(listener, "handle_touch"):
            signals.touch.disconnect(listener.handle_touch)
