from __future__ import annotations

from django.urls import path

from example_project.naive import views

app_name = "naive"

urlpatterns = [
    path("problems/", views.ProblemListView.as_view(), name="problem-list"),
    path("problems/drafts/", views.ProblemDraftsView.as_view(), name="problem-drafts"),
    path("problems/<int:problem_id>/", views.ProblemDetailView.as_view(), name="problem-detail"),
    path("history/", views.HistoryListView.as_view(), name="history-list"),
    path("register/drafts/", views.ProblemDraftsView.as_view(), name="draft-problems"),
    path("register/jobs/", views.JobListView.as_view(), name="job-list"),
    path("account/stats/", views.AccountStatsView.as_view(), name="account-stats"),
]
