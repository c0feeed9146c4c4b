"""Read a queryset's compiled SQL: its WHERE conditions, selected columns and joins."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet


def where(qs: QuerySet[Any]) -> set[tuple[str, str, Any]]:
    """The WHERE clause as ``(field, lookup, value)`` triples; ``OR`` groups become one tuple."""
    found: set[tuple[str, str, Any]] = set()

    def leaf(node: Any) -> tuple[str, str, Any]:
        value = node.rhs
        value = getattr(value, "value", value)  # flag() wraps booleans in Value
        if hasattr(value, "pk"):
            value = value.pk
        return (node.lhs.target.name, node.lookup_name, value)

    for child in qs.query.where.children:
        if hasattr(child, "children"):
            found.add(("OR", child.connector, frozenset(leaf(c) for c in child.children)))
        else:
            found.add(leaf(child))
    return found


def columns(qs: QuerySet[Any]) -> set[str]:
    """The columns of the queryset's own table that its SELECT reads."""
    compiler = qs.query.get_compiler(using=qs.db)
    table = qs.model._meta.db_table
    return {
        col.target.column
        for col, _, _ in compiler.get_select()[0]
        if getattr(col, "alias", None) == table
    }


def joined_tables(qs: QuerySet[Any]) -> set[str]:
    """Tables the compiled SQL joins in."""
    return set(re.findall(r'JOIN "(\w+)"', str(qs.query)))
