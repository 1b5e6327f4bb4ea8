from django.urls import path

from . import views

app_name = "participation"

# Mounted at /<municipality_slug>/participation/ by config.urls.
urlpatterns = [
    path("", views.process_list, name="processes"),
    path("my/", views.my_inputs, name="my_inputs"),
    path("dinner/<str:host_token>/", views.dinner_report, name="dinner_report"),
    path("registrations/<str:registration_token>/", views.registration_cancel, name="registration_cancel"),
    path("<slug:process_slug>/", views.process_detail, name="process"),
    path("<slug:process_slug>/statistics/", views.statistics, name="statistics"),
    path("<slug:process_slug>/ideas/new/", views.idea_new, name="idea_new"),
    path("<slug:process_slug>/ideas/thanks/", views.idea_thanks, name="idea_thanks"),
    path("<slug:process_slug>/dinner/", views.dinner_host, name="dinner_host"),
    path("<slug:process_slug>/inputs/", views.input_list, name="inputs"),
    path("<slug:process_slug>/inputs.csv", views.input_export, {"export_format": "csv"}, name="input_export_csv"),
    path("<slug:process_slug>/inputs.json", views.input_export, {"export_format": "json"}, name="input_export_json"),
    path("<slug:process_slug>/inputs/<int:input_id>/", views.input_detail, name="input"),
    path("<slug:process_slug>/inputs/<int:input_id>/support/", views.input_support, name="input_support"),
    path("<slug:process_slug>/inputs/<int:input_id>/follow/", views.input_follow, name="input_follow"),
    path("<slug:process_slug>/inputs/<int:input_id>/comments/", views.input_comment, name="input_comment"),
    path(
        "<slug:process_slug>/inputs/<int:input_id>/files/<int:input_attachment_id>/",
        views.input_attachment,
        name="input_attachment",
    ),
    path("<slug:process_slug>/engagements/<int:engagement_id>/", views.engagement_detail, name="engagement"),
    path(
        "<slug:process_slug>/engagements/<int:engagement_id>/files/<int:engagement_attachment_id>/",
        views.engagement_attachment,
        name="engagement_attachment",
    ),
]
