"""The naive reference API: the same routes and JSON, written the way code is written first.

No ``select_related``, counts by ``.count()`` per row, statistics in several queries.
It is the measured "before" beside algoitny_core's "after"; never use it as an example.
"""
