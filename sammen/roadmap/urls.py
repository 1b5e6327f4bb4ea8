from django.urls import path

from . import staff_views, views

app_name = "roadmap"

# Mounted at /<municipality_slug>/roadmap/ by config.urls. "my" and "staff" are reserved process slugs.
urlpatterns = [
    path("", views.roadmap_list, name="list"),
    path("my/", views.my_fates, name="my_fates"),
    # Staff pages first, so a process slug never shadows them.
    path("staff/<slug:process_slug>/", staff_views.roadmap_edit, name="staff_roadmap"),
    path("staff/<slug:process_slug>/files/", staff_views.attachment_add, name="attachment_add"),
    path(
        "staff/<slug:process_slug>/files/<int:knowledge_base_attachment_id>/",
        staff_views.attachment_file,
        name="attachment",
    ),
    path(
        "staff/<slug:process_slug>/files/<int:knowledge_base_attachment_id>/delete/",
        staff_views.attachment_delete,
        name="attachment_delete",
    ),
    path("staff/<slug:process_slug>/goals/new/", staff_views.goal_edit, name="goal_create"),
    path("staff/<slug:process_slug>/goals/<int:goal_id>/", staff_views.goal_edit, name="goal"),
    path("staff/<slug:process_slug>/strategies/new/", staff_views.strategy_edit, name="strategy_create"),
    path("staff/<slug:process_slug>/strategies/<int:strategy_id>/", staff_views.strategy_edit, name="strategy"),
    path("staff/<slug:process_slug>/measures/new/", staff_views.measure_edit, name="measure_create"),
    path("staff/<slug:process_slug>/measures/<int:measure_id>/", staff_views.measure_edit, name="measure"),
    path(
        "staff/<slug:process_slug>/measures/<int:measure_id>/actors/<int:measure_actor_id>/delete/",
        staff_views.measure_actor_delete,
        name="actor_delete",
    ),
    path("staff/<slug:process_slug>/inputs/", staff_views.input_list, name="staff_inputs"),
    path("staff/<slug:process_slug>/inputs/<int:input_id>/", staff_views.input_fate, name="input_fate"),
    path("staff/<slug:process_slug>/report/", staff_views.report, name="report"),
    path("staff/<slug:process_slug>/report/<int:report_job_id>/", staff_views.report_status, name="report_status"),
    path(
        "staff/<slug:process_slug>/report/<int:report_job_id>/council-report.pdf",
        staff_views.report_file,
        {"file_kind": "pdf"},
        name="report_pdf",
    ),
    path(
        "staff/<slug:process_slug>/report/<int:report_job_id>/council-report.xlsx",
        staff_views.report_file,
        {"file_kind": "xlsx"},
        name="report_xlsx",
    ),
    path("<slug:process_slug>/", views.roadmap_detail, name="roadmap"),
    path("<slug:process_slug>/print/", views.roadmap_print, name="print"),
    path("<slug:process_slug>/inputs/", views.fate_list, name="fates"),
    path("<slug:process_slug>/inputs.csv", views.fate_export, {"export_format": "csv"}, name="fates_csv"),
    path("<slug:process_slug>/inputs.json", views.fate_export, {"export_format": "json"}, name="fates_json"),
]
