from __future__ import annotations

import pytest

from algoitny_core.testing import fingerprint


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ('SELECT * FROM "t" WHERE "t"."id" = 1', 'SELECT * FROM "t" WHERE "t"."id" = 2'),
        ('SELECT * FROM "t" WHERE "t"."id" = %s', 'SELECT * FROM "t" WHERE "t"."id" = 42'),
        ("SELECT * FROM t WHERE id IN (1, 2)", "SELECT * FROM t WHERE id IN (1,2,3)"),
        ("SELECT * FROM t WHERE id IN (%s, %s)", "SELECT * FROM t WHERE id IN (%s)"),
        ("SELECT * FROM t WHERE name = 'a'", "SELECT * FROM t WHERE name = 'it''s'"),
        ("SELECT * FROM t WHERE x = $1", "SELECT * FROM t WHERE x = $2"),
        ("INSERT INTO t (a, b) VALUES (%s, %s)", "INSERT INTO t (a, b) VALUES (1, 2), (3, 4)"),
        ("SELECT  *\n FROM t LIMIT 21", "SELECT * FROM t LIMIT 10"),
        ("SELECT * FROM t WHERE x = -1.5", "SELECT * FROM t WHERE x = 3e10"),
    ],
)
def test_queries_differing_only_in_literals_share_a_fingerprint(first, second):
    assert fingerprint(first) == fingerprint(second)


def test_in_lists_collapse_to_an_ellipsis():
    assert (
        fingerprint("SELECT a FROM t WHERE id IN (1, 2, 3)") == "SELECT a FROM t WHERE id IN (...)"
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ('SELECT "t1"."a" FROM "t1"', 'SELECT "t2"."a" FROM "t2"'),
        ("SELECT a FROM t WHERE x = 1", "SELECT a FROM t WHERE y = 1"),
        ("SELECT U0.id FROM t U0", "SELECT U1.id FROM t U1"),
    ],
)
def test_identifiers_with_digits_are_kept(first, second):
    assert fingerprint(first) != fingerprint(second)
