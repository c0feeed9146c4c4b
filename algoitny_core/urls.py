"""The app's routes; include under any prefix: ``path("api/", include("algoitny_core.urls"))``."""

from __future__ import annotations

from django.urls import path

from algoitny_core.views import account, history, jobs, problems, system

app_name = "algoitny"

urlpatterns = [
    path("problems/", problems.ProblemListView.as_view(), name="problem-list"),
    path("problems/drafts/", problems.ProblemDraftsView.as_view(), name="problem-drafts"),
    path(
        "problems/registered/",
        problems.RegisteredProblemsView.as_view(),
        name="problem-registered",
    ),
    path("problems/<int:problem_id>/", problems.ProblemDetailView.as_view(), name="problem-detail"),
    path(
        "problems/<str:platform>/<str:problem_identifier>/",
        problems.ProblemDetailByPlatformView.as_view(),
        name="problem-detail-by-platform",
    ),
    path("history/", history.HistoryListView.as_view(), name="history-list"),
    path("history/<int:history_id>/", history.HistoryDetailView.as_view(), name="history-detail"),
    path("history/<int:history_id>/hints/", history.HintsView.as_view(), name="get-hints"),
    path("register/drafts/", problems.ProblemDraftsView.as_view(), name="draft-problems"),
    path("register/jobs/", jobs.JobListView.as_view(), name="job-list"),
    path("register/jobs/<int:job_id>/", jobs.JobDetailView.as_view(), name="job-detail"),
    path("account/stats/", account.AccountStatsView.as_view(), name="account-stats"),
    path("health/", system.HealthCheckView.as_view(), name="health-check"),
]
