from django.urls import path

from . import staff_views as views

app_name = "participation_staff"

# Mounted at /<municipality_slug>/staff/participation/ by config.urls.
urlpatterns = [
    path("", views.process_list, name="processes"),
    path("new/", views.process_create, name="process_create"),
    path("<slug:process_slug>/", views.process_overview, name="process"),
    path("<slug:process_slug>/settings/", views.process_settings, name="settings"),
    path("<slug:process_slug>/phases/", views.phase_list, name="phases"),
    path("<slug:process_slug>/phases/<int:phase_id>/", views.phase_edit, name="phase"),
    path("<slug:process_slug>/phases/<int:phase_id>/action/", views.phase_action, name="phase_action"),
    path("<slug:process_slug>/target-groups/", views.target_group_list, name="target_groups"),
    path("<slug:process_slug>/target-groups/<int:group_id>/", views.target_group_edit, name="target_group"),
    path("<slug:process_slug>/focus-areas/", views.focus_area_list, name="focus_areas"),
    path("<slug:process_slug>/focus-areas/<int:area_id>/", views.focus_area_edit, name="focus_area"),
    path("<slug:process_slug>/engagements/", views.engagement_list, name="engagements"),
    path("<slug:process_slug>/engagements/new/", views.engagement_create, name="engagement_create"),
    path("<slug:process_slug>/engagements/<int:engagement_id>/", views.engagement_edit, name="engagement"),
    path(
        "<slug:process_slug>/engagements/<int:engagement_id>/delete/", views.engagement_delete, name="engagement_delete"
    ),
    path("<slug:process_slug>/engagements/<int:engagement_id>/attendance/", views.attendance, name="attendance"),
    path(
        "<slug:process_slug>/engagements/<int:engagement_id>/files/",
        views.engagement_attachment_add,
        name="engagement_attachment_add",
    ),
    path(
        "<slug:process_slug>/engagements/<int:engagement_id>/files/<int:engagement_attachment_id>/delete/",
        views.engagement_attachment_delete,
        name="engagement_attachment_delete",
    ),
    path("<slug:process_slug>/inputs/", views.input_list, name="inputs"),
    path("<slug:process_slug>/inputs/new/", views.input_create, name="input_create"),
    path("<slug:process_slug>/inputs/bulk/", views.input_bulk, name="input_bulk"),
    path("<slug:process_slug>/inputs/<int:input_id>/", views.input_edit, name="input"),
    path("<slug:process_slug>/inputs/<int:input_id>/action/", views.input_action, name="input_action"),
    path("<slug:process_slug>/moderation/", views.moderation, name="moderation"),
    path("<slug:process_slug>/comments/<int:comment_id>/moderate/", views.comment_moderate, name="comment_moderate"),
    path("<slug:process_slug>/import/", views.import_upload, name="import"),
    path("<slug:process_slug>/import/preview/", views.import_preview, name="import_preview"),
    path(
        "<slug:process_slug>/import/template.csv",
        views.import_template,
        {"template_format": "csv"},
        name="import_template_csv",
    ),
    path(
        "<slug:process_slug>/import/template.xlsx",
        views.import_template,
        {"template_format": "xlsx"},
        name="import_template_xlsx",
    ),
]
