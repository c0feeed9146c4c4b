from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_models_and_migrations_agree():
    # Exits with SystemExit(1) when a model change has no migration.
    call_command("makemigrations", "algoitny_core", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_a_hosts_default_auto_field_creates_no_migration(settings):
    settings.DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
    call_command("makemigrations", "algoitny_core", "--check", "--dry-run", verbosity=0)
