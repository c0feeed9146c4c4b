"""Views with and without budgets, for the middleware tests."""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views import View
from rest_framework.response import Response
from rest_framework.views import APIView

from algoitny_core.models import Problem
from algoitny_core.testing import query_budget


def _run(request: HttpRequest) -> int:
    n = int(request.GET.get("n", "1"))
    for _ in range(n):
        Problem.objects.count()
    return n


@query_budget(2)
def budgeted_function(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(_run(request)))


@query_budget(2)
class BudgetedView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse(str(_run(request)))


class BudgetedAPIView(APIView):
    authentication_classes: list = []
    permission_classes: list = []
    query_budget = 2

    def get(self, request: HttpRequest) -> Response:
        return Response({"ran": _run(request)})


class BadBudgetAPIView(BudgetedAPIView):
    query_budget = "two"


class AsyncBudgetedView(View):
    query_budget = 2

    async def get(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse(str(await sync_to_async(_run)(request)))


def unbudgeted(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(_run(request)))


urlpatterns = [
    path("function/", budgeted_function),
    path("class/", BudgetedView.as_view()),
    path("drf/", BudgetedAPIView.as_view()),
    path("drf-bad/", BadBudgetAPIView.as_view()),
    path("async/", AsyncBudgetedView.as_view()),
    path("free/", unbudgeted),
]
