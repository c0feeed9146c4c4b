"""``ORJSONRenderer`` writes the bytes DRF's ``JSONRenderer`` writes."""

from __future__ import annotations

import datetime
import decimal
import json
import uuid

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ErrorDetail
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings
from rest_framework.test import APIClient
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from algoitny_core import renderers
from algoitny_core.renderers import ORJSONRenderer
from tests.factories import make_history, make_problem, make_user

UTC = datetime.UTC
PAYLOAD = {
    "text": 'quote " backslash \\ slash / tab \t newline \n nul \x00 esc \x1b del \x7f',
    "unicode": "한국어 ≤ 10^9 😀",
    "separators": "line\u2028paragraph\u2029end",
    "numbers": [0, -1, 2**63 - 1, 0.01, 1.5, -2.25, 123456.789],
    "flags": [True, False, None],
    "nested": ReturnDict({"list": ReturnList([1, (2, 3)], serializer=None)}, serializer=None),
    "aware": datetime.datetime(2025, 10, 7, 12, 30, 1, 123456, tzinfo=UTC),
    "offset": datetime.datetime(
        2025, 10, 7, 12, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=9))
    ),
    "naive": datetime.datetime(2025, 10, 7, 12, 30),
    "date": datetime.date(2025, 10, 7),
    "time": datetime.time(12, 30, 1, 500),
    "decimal": decimal.Decimal("1.25"),
    "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "lazy": gettext_lazy("This field is required."),
    "error": ErrorDetail("Must be 1 to 100.", code="invalid"),
    "empty": {"dict": {}, "list": []},
}


def both(data, media_type=None, context=None):
    return (
        ORJSONRenderer().render(data, media_type, context),
        JSONRenderer().render(data, media_type, context),
    )


def refuse(*args, **kwargs):
    raise AssertionError("fell back to DRF's renderer")


def test_orjson_is_what_renders():
    # Without orjson the renderer is DRF's and the comparisons below prove nothing.
    assert renderers.orjson is not None


def test_the_bytes_are_drfs(monkeypatch):
    drf = JSONRenderer().render(PAYLOAD)
    monkeypatch.setattr(JSONRenderer, "render", refuse)  # orjson writes every byte
    assert ORJSONRenderer().render(PAYLOAD) == drf
    assert b"\\u2028" in drf


def test_floats_drf_writes_otherwise_parse_to_the_same_values():
    data = {"floats": [1e16, 1e-7, 5e-324, 1.7976931348623157e308]}
    fast, drf = both(data)
    assert json.loads(fast) == json.loads(drf)


@pytest.mark.parametrize(
    "data",
    [{"big": 2**64}, {1: "a key that is not a string"}, None],
    ids=["int over 64 bits", "int key", "no data"],
)
def test_what_orjson_cannot_write_drf_writes(data):
    fast, drf = both(data)
    assert fast == drf


def test_indented_output_is_drfs():
    fast, drf = both(PAYLOAD, "application/json; indent=4")
    assert fast == drf
    assert b"\n    " in fast


def test_values_drf_refuses_are_refused():
    aware_time = datetime.time(12, 0, tzinfo=UTC)
    with pytest.raises(ValueError, match="timezone-aware"):
        JSONRenderer().render({"t": aware_time})
    with pytest.raises(ValueError, match="timezone-aware"):
        ORJSONRenderer().render({"t": aware_time})
    with pytest.raises(TypeError):
        ORJSONRenderer().render({"object": object()})


def test_the_example_project_renders_with_it():
    assert api_settings.DEFAULT_RENDERER_CLASSES[0] is ORJSONRenderer


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "args"),
    [("problem-list", []), ("problem-detail", ["problem"]), ("history-list", [])],
)
def test_api_responses_are_drfs_bytes(route, args, monkeypatch):
    problem = make_problem(test_cases=3, title="A+B ≤ 10^9", tags=["dp", "수학"])
    make_history(user=make_user(), problem=problem, is_code_public=True)
    url = reverse(f"algoitny:{route}", args=[problem.pk if a == "problem" else a for a in args])
    monkeypatch.setattr(JSONRenderer, "render", refuse)  # orjson writes every byte
    response = APIClient().get(url)
    monkeypatch.undo()
    assert response.status_code == 200
    assert response.content == JSONRenderer().render(response.data)
