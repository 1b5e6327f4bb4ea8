from django.urls import path

from . import staff_views, views

app_name = "activities"

# Mounted at /<municipality_slug>/activities/ by config.urls.
urlpatterns = [
    path("", views.search, name="search"),
    path("map.json", views.map_markers, name="map_markers"),
    path("calendar.ics", views.search_calendar, name="search_calendar"),
    path("this-week/", views.this_week, name="this_week"),
    path("saved/", views.saved_searches, name="saved"),
    path("saved/<int:saved_id>/delete/", views.saved_search_delete, name="saved_delete"),
    path("saved/<str:token>.ics", views.saved_calendar, name="saved_calendar"),
    path("organisations/<int:organisation_id>/calendar.ics", views.organisation_calendar, name="organisation_calendar"),
    path("<int:activity_id>/", views.detail, name="detail"),
    path("<int:activity_id>/calendar.ics", views.activity_calendar, name="activity_calendar"),
    path("<int:activity_id>/sign-up/", views.signup, name="signup"),
    path("sign-ups/<int:signup_id>/cancel/", views.signup_cancel, name="signup_cancel"),
    path("sign-ups/<int:signup_id>/pay/", views.signup_pay, name="signup_pay"),
    # Organisers.
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.manage_create, name="manage_create"),
    path("manage/<int:activity_id>/", views.manage_schedule, name="manage_schedule"),
    path("manage/<int:activity_id>/edit/", views.manage_edit, name="manage_edit"),
    path("manage/<int:activity_id>/status/", views.manage_status, name="manage_status"),
    path("manage/<int:activity_id>/confirm/", views.manage_confirm, name="manage_confirm"),
    path("manage/<int:activity_id>/sign-ups/", views.manage_signups, name="manage_signups"),
    path("manage/<int:activity_id>/images/", views.manage_images, name="manage_images"),
    path(
        "manage/<int:activity_id>/schedules/<int:schedule_id>/delete/",
        views.manage_schedule_delete,
        name="manage_schedule_delete",
    ),
    path("manage/<int:activity_id>/sessions/<int:session_id>/", views.manage_session, name="manage_session"),
    # The municipality.
    path("staff/categories/", staff_views.categories, name="staff_categories"),
    path("staff/import/", staff_views.import_upload, name="staff_import"),
    path("staff/import/<int:import_id>/", staff_views.import_preview, name="staff_import_preview"),
    path("staff/guides/", staff_views.guide_admin, name="staff_guides"),
    path("staff/guides/<int:guide_id>/remove/", staff_views.guide_remove, name="staff_guide_remove"),
    # Activity guides.
    path("guide/", staff_views.guide_home, name="guide_home"),
    path("guide/families/new/", staff_views.family_create, name="guide_family_create"),
    path("guide/families/<int:family_id>/", staff_views.family_detail, name="guide_family"),
    path("guide/families/<int:family_id>/end/", staff_views.family_end, name="guide_family_end"),
    # Open data.
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/openactive/session-series", views.rpde_session_series, name="rpde_session_series"),
    path("open-data/openactive/scheduled-sessions", views.rpde_scheduled_sessions, name="rpde_scheduled_sessions"),
    path("open-data/hsds/", views.hsds_root, name="hsds_root"),
    path("open-data/hsds/services", views.hsds_services, name="hsds_services"),
    path("open-data/hsds/services/<uuid:service_uuid>", views.hsds_service, name="hsds_service"),
    path("open-data/hsds/organizations", views.hsds_organizations, name="hsds_organizations"),
    path("open-data/hsds/organizations/<uuid:organization_uuid>", views.hsds_organization, name="hsds_organization"),
]
