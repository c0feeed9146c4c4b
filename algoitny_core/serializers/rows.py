"""List serializers that also take plain rows from ``QuerySet.values()``.

On a page of a thousand rows, building a model instance per row and calling each field's
``to_representation`` is most of the request's time (a profile of the history list: 54% in
fields, 31% in instances). A row already holds what most fields print, so only the dates go
through their field; the JSON is the same as for instances (tests compare them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rest_framework import serializers

# Fields whose representation of a ``values()`` row's value is the value itself: text,
# numbers, booleans, choices, decoded JSON, a relation's primary key, and a method field
# whose result the queryset puts in the row under its name.
PASSTHROUGH = (
    serializers.CharField,
    serializers.IntegerField,
    serializers.BooleanField,
    serializers.ChoiceField,
    serializers.JSONField,
    serializers.PrimaryKeyRelatedField,
    serializers.SerializerMethodField,
)
CONVERTED = (serializers.DateTimeField, serializers.DateField, serializers.TimeField)


class RowsSerializerMixin:
    """For a ``ModelSerializer`` listed from ``values()`` rows as well as from instances."""

    _row_converters: dict[str, Callable[[Any], Any] | None]

    def to_representation(self, instance: Any) -> Any:
        if not isinstance(instance, dict):
            return super().to_representation(instance)  # type: ignore[misc]
        converters = getattr(self, "_row_converters", None) or self._converters()
        row = {}
        for name, convert in converters.items():
            value = instance[name]
            row[name] = value if convert is None or value is None else convert(value)
        return row

    def _converters(self) -> dict[str, Callable[[Any], Any] | None]:
        converters: dict[str, Callable[[Any], Any] | None] = {}
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            if field.write_only:
                continue
            if isinstance(field, CONVERTED):
                converters[name] = field.to_representation
            elif isinstance(field, PASSTHROUGH):
                converters[name] = None
            else:
                raise TypeError(
                    f"{type(self).__name__}.{name} ({type(field).__name__}) cannot print a "
                    "values() row as it is; list instances, or add the field type here."
                )
        self._row_converters = converters
        return converters
