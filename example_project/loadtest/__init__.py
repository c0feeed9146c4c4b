"""``make loadtest``: gunicorn on PostgreSQL with Django's connection pool, driven by locust."""
