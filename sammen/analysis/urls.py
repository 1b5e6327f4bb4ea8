from django.urls import path

from . import views

app_name = "analysis"

# Mounted at /<municipality_slug>/staff/analysis/ by config.urls.
urlpatterns = [
    path("<slug:process_slug>/", views.themes, name="themes"),
    path("<slug:process_slug>/review/", views.suggestions, name="suggestions"),
    path("<slug:process_slug>/duplicates/", views.duplicates, name="duplicates"),
    path("<slug:process_slug>/runs/", views.run_start, name="run_start"),
    path("<slug:process_slug>/runs/<int:run_id>/", views.run_progress, name="run_progress"),
    path("<slug:process_slug>/runs/<int:run_id>/merge/", views.theme_merge, name="theme_merge"),
    path("<slug:process_slug>/themes/<int:theme_id>/", views.theme_action, name="theme_action"),
    path("<slug:process_slug>/review/<int:suggestion_id>/", views.suggestion_decide, name="suggestion_decide"),
    path("<slug:process_slug>/duplicates/<int:duplicate_group_id>/", views.duplicate_merge, name="duplicate_merge"),
]
