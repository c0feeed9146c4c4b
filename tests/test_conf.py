from __future__ import annotations

from django.test import override_settings

from algoitny_core.conf import AlgoitnySettings, app_settings, import_setting


def test_defaults_come_from_one_place():
    assert app_settings.PAGE_SIZE == AlgoitnySettings.PAGE_SIZE == 20
    assert app_settings.LLM_BACKEND == AlgoitnySettings.LLM_BACKEND


def test_host_values_override_defaults_and_reset_with_override_settings():
    with override_settings(ALGOITNY={"PAGE_SIZE": 5}):
        assert app_settings.PAGE_SIZE == 5
        assert app_settings.MAX_PAGE_SIZE == 100
    assert app_settings.PAGE_SIZE == 20


def test_import_setting_follows_the_setting():
    with override_settings(ALGOITNY={"LLM_BACKEND": "collections.OrderedDict"}):
        from collections import OrderedDict

        assert import_setting("LLM_BACKEND") is OrderedDict
    with override_settings(ALGOITNY={"LLM_BACKEND": "collections.Counter"}):
        from collections import Counter

        assert import_setting("LLM_BACKEND") is Counter
