"""Settings of the example host project.

SQLite, eager Celery and local memory cache by default: nothing to start.
``DATABASE_URL`` switches to PostgreSQL, ``CELERY_BROKER_URL`` to a real broker,
``REDIS_URL`` to a Redis cache, ``ALGOITNY_LLM_BACKEND`` to another language-model backend.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "example-project-not-secret")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "algoitny_core",
    "example_project.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "example_project.urls"
WSGI_APPLICATION = "example_project.wsgi.application"
ASGI_APPLICATION = "example_project.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=0
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("SQLITE_TEST_NAME", ":memory:")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A statement running longer than this is cancelled: the API answers 503, a task retries.
    timeout_ms = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "30000"))
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c statement_timeout={timeout_ms}"
    # DATABASE_POOL=1: Django's psycopg pool, one per process (CONN_MAX_AGE stays 0);
    # DATABASE_POOL_MAX sets its size (default 4). `make loadtest` serves with it.
    if os.environ.get("DATABASE_POOL") == "1":
        pool_max = int(os.environ.get("DATABASE_POOL_MAX", "4"))
        DATABASES["default"]["OPTIONS"]["pool"] = {"min_size": 1, "max_size": pool_max}

# A read replica: DATABASE_REPLICA_URL in production; in tests, a mirror of "default".
# Reads go to it only with ReadReplicaRouter and ALGOITNY["READ_REPLICAS"] (see README).
DATABASES["replica"] = (
    dj_database_url.parse(os.environ.get("DATABASE_REPLICA_URL", ""), conn_max_age=0)
    if os.environ.get("DATABASE_REPLICA_URL")
    else {**DATABASES["default"]}
)
DATABASES["replica"]["TEST"] = {"MIRROR": "default"}

REDIS_URL = os.environ.get("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL")
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
    CELERY_TASK_STORE_EAGER_RESULT = True  # so task-status reports eager runs too
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "cache+memory://")
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Broker options as JSON, e.g. Redis's {"visibility_timeout": 3600}: how long a message
# taken by a worker that died waits before another worker gets it.
CELERY_BROKER_TRANSPORT_OPTIONS = json.loads(
    os.environ.get("CELERY_BROKER_TRANSPORT_OPTIONS", "{}")
)
# `celery -A example_project beat`: jobs whose worker died go back to the queue.
CELERY_BEAT_SCHEDULE = {
    "algoitny-requeue-stale-jobs": {
        "task": "algoitny_core.tasks.maintenance.requeue_stale_jobs",
        "schedule": 300.0,  # seconds
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # DRF's JSON, byte for byte, encoded by orjson: see `manage.py bench`.
    "DEFAULT_RENDERER_CLASSES": [
        "algoitny_core.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # A query cancelled by statement_timeout answers 503 with Retry-After, not 500.
    "EXCEPTION_HANDLER": "algoitny_core.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {"TITLE": "algoitny-core example API", "VERSION": "0.1.0"}

ALGOITNY: dict[str, object] = {}
if os.environ.get("ALGOITNY_LLM_BACKEND"):  # e.g. "algoitny_core.llm.gemini.GeminiBackend"
    ALGOITNY["LLM_BACKEND"] = os.environ["ALGOITNY_LLM_BACKEND"]

AUTH_PASSWORD_VALIDATORS: list[dict[str, str]] = []
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"algoitny_core": {"handlers": ["console"], "level": "INFO"}},
}

# Development only: django-querycount prints each request's query count (and repeated
# queries) under `manage.py runserver`. Off under tests and when QUERYCOUNT=0.
if DEBUG and os.environ.get("QUERYCOUNT", "1") == "1":
    import importlib.util
    import sys

    if "pytest" not in sys.modules and importlib.util.find_spec("querycount") is not None:
        MIDDLEWARE = [*MIDDLEWARE, "querycount.middleware.QueryCountMiddleware"]
        QUERYCOUNT = {"DISPLAY_DUPLICATES": 5}
