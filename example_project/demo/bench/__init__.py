"""``manage.py bench``: the seed report's tables, measured side by side.

For each size N the optimized API (``/api/``), the naive reference (``/naive/``) and the
floor (one raw SQL query, encoded straight to JSON) serve the same rows; the Celery tasks
run at the same sizes. ``data`` builds the rows, ``endpoints``/``floor``/``tasks`` say what
is measured, ``measure`` measures it, ``runner`` drives it, ``report`` and ``plot`` show it.
"""
