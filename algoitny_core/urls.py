"""The app's routes; include under any prefix: ``path("api/", include("algoitny_core.urls"))``."""

from __future__ import annotations

from django.urls import path

from algoitny_core.views import account, execution, history, jobs, problems, register, system

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
    path("execute/", execution.ExecuteCodeView.as_view(), name="execute-code"),
    path("history/", history.HistoryListView.as_view(), name="history-list"),
    path("history/<int:history_id>/", history.HistoryDetailView.as_view(), name="history-detail"),
    path("history/<int:history_id>/hints/", history.HintsView.as_view(), name="get-hints"),
    path(
        "history/<int:history_id>/hints/generate/",
        history.GenerateHintsView.as_view(),
        name="generate-hints",
    ),
    path("register/problem/", register.RegisterProblemView.as_view(), name="register-problem"),
    path(
        "register/generate-test-cases/",
        register.GenerateTestCasesView.as_view(),
        name="generate-test-cases",
    ),
    path(
        "register/execute-test-cases/",
        register.ExecuteTestCasesView.as_view(),
        name="execute-test-cases",
    ),
    path("register/save/", register.SaveProblemView.as_view(), name="save-problem"),
    path("register/drafts/", problems.ProblemDraftsView.as_view(), name="draft-problems"),
    path("register/jobs/", jobs.JobListView.as_view(), name="job-list"),
    path("register/jobs/<int:job_id>/", jobs.JobDetailView.as_view(), name="job-detail"),
    path(
        "register/task-status/<str:task_id>/",
        execution.TaskStatusView.as_view(),
        name="task-status",
    ),
    path("account/stats/", account.AccountStatsView.as_view(), name="account-stats"),
    path("health/", system.HealthCheckView.as_view(), name="health-check"),
]
