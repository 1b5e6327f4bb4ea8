from django.urls import path

from . import staff_views, views

app_name = "impact"

# Mounted at /<municipality_slug>/impact/ by config.urls.
urlpatterns = [
    path("", views.overview, name="overview"),
    path("neighbourhoods/<slug:neighbourhood_slug>/", views.dashboard, name="dashboard"),
    path("compare/", views.compare, name="compare"),
    path("indicators/<int:indicator_id>/", views.indicator_detail, name="indicator"),
    path(
        "indicators/<int:indicator_id>/chart/<slug:impact_place>.png",
        views.chart_download,
        {"file_format": "png"},
        name="chart_png",
    ),
    path(
        "indicators/<int:indicator_id>/chart/<slug:impact_place>.svg",
        views.chart_download,
        {"file_format": "svg"},
        name="chart_svg",
    ),
    path("export/<slug:impact_place>.xlsx", views.dashboard_export, name="dashboard_export"),
    path("s/<str:survey_token>/", views.survey_answer, name="survey_answer"),
    path("code/", views.code_entry, name="code_entry"),
    path("code/answer/", views.code_answer, name="code_answer"),
    path("thanks/", views.survey_thanks, name="survey_thanks"),
    # Staff
    path("staff/", staff_views.staff_home, name="staff_home"),
    path("staff/settings/", staff_views.settings_edit, name="settings"),
    path("staff/goals/new/", staff_views.goal_edit, name="goal_create"),
    path("staff/goals/<int:impact_goal_id>/", staff_views.goal_edit, name="goal_edit"),
    path("staff/indicators/new/", staff_views.indicator_edit, name="indicator_create"),
    path("staff/indicators/<int:indicator_id>/", staff_views.indicator_edit, name="indicator_edit"),
    path("staff/indicators/<int:indicator_id>/values/", staff_views.indicator_values, name="indicator_values"),
    path("staff/values/<int:value_id>/delete/", staff_views.value_delete, name="value_delete"),
    path("staff/import/", staff_views.import_table, name="import_table"),
    path("staff/import/statistics/", staff_views.import_fhi, name="import_fhi"),
    path("staff/surveys/", staff_views.survey_list, name="survey_list"),
    path("staff/surveys/new/", staff_views.survey_create, name="survey_create"),
    path("staff/surveys/<int:survey_id>/", staff_views.survey_detail, name="survey_detail"),
    path("staff/surveys/<int:survey_id>/edit/", staff_views.survey_edit, name="survey_edit"),
    path("staff/surveys/<int:survey_id>/questions/new/", staff_views.question_create, name="question_create"),
    path("staff/surveys/<int:survey_id>/questions/<int:question_id>/", staff_views.question_edit, name="question_edit"),
    path(
        "staff/surveys/<int:survey_id>/questions/<int:question_id>/translate/",
        staff_views.question_translate,
        name="question_translate",
    ),
    path("staff/surveys/<int:survey_id>/codes/", staff_views.survey_codes, name="survey_codes"),
    path("staff/surveys/<int:survey_id>/qr.png", staff_views.survey_qr, name="survey_qr"),
    path("staff/surveys/<int:survey_id>/results/", staff_views.survey_results, name="survey_results"),
    path("staff/surveys/<int:survey_id>/answers/", staff_views.survey_answers, name="survey_answers"),
    path("staff/surveys/<int:survey_id>/free-text.csv", staff_views.survey_free_text, name="survey_free_text"),
    path("staff/report/", staff_views.report, name="report"),
]
