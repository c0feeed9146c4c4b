"""The app's routes; include under any prefix: ``path("api/", include("algoitny_core.urls"))``."""

from __future__ import annotations

app_name = "algoitny"

urlpatterns: list = []
