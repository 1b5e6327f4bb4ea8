from django.urls import path

from . import views, views_events, views_tasks

app_name = "exchange"

# Mounted at /<municipality_slug>/exchange/ by config.urls. URL kwargs carry an exchange_ prefix so they never
# collide with another module's in the tenancy crawler's registry.
urlpatterns = [
    path("", views.home, name="home"),
    path("join/", views.join, name="join"),
    path("mine/", views.mine, name="mine"),
    path("staff/", views.staff_overview, name="staff_overview"),
    # Offers and needs
    path("offers-and-needs/", views.listing_search, name="listing_search"),
    path("offers-and-needs/new/", views.listing_create, name="listing_create"),
    path("offers-and-needs/<int:exchange_listing_id>/", views.listing_detail, name="listing_detail"),
    path("offers-and-needs/<int:exchange_listing_id>/edit/", views.listing_edit, name="listing_edit"),
    path("offers-and-needs/<int:exchange_listing_id>/status/", views.listing_status, name="listing_status"),
    path("offers-and-needs/<int:exchange_listing_id>/contact/", views.contact_send, name="contact_send"),
    path("requests/<int:exchange_request_id>/answer/", views.request_answer, name="request_answer"),
    path("requests/<int:exchange_request_id>/withdraw/", views.request_withdraw, name="request_withdraw"),
    # Actors
    path("actors/", views.actor_list, name="actor_list"),
    path("actors/<int:exchange_actor_id>/", views.actor_detail, name="actor_detail"),
    path("actors/<int:exchange_actor_id>/edit/", views.actor_edit, name="actor_edit"),
    # Agreements
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:exchange_agreement_id>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:exchange_agreement_id>/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreements/<int:exchange_agreement_id>/status/", views.agreement_status, name="agreement_status"),
    path("agreements/<int:exchange_agreement_id>/agreement.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("agreements/<int:exchange_agreement_id>/follow-ups/", views.follow_up_add, name="follow_up_add"),
    path("follow-ups/<int:exchange_follow_up_id>/done/", views.follow_up_done, name="follow_up_done"),
    # Exchange events
    path("events/", views_events.event_list, name="event_list"),
    path("events/new/", views_events.event_create, name="event_create"),
    path("events/<int:exchange_event_id>/", views_events.event_detail, name="event_detail"),
    path("events/<int:exchange_event_id>/edit/", views_events.event_edit, name="event_edit"),
    path("events/<int:exchange_event_id>/manage/", views_events.event_manage, name="event_manage"),
    path("events/<int:exchange_event_id>/respond/", views_events.event_respond, name="event_respond"),
    path("events/<int:exchange_event_id>/broker/", views_events.event_broker, name="event_broker"),
    path("events/<int:exchange_event_id>/screen/", views_events.event_screen, name="event_screen"),
    path("events/<int:exchange_event_id>/screen/live/", views_events.event_screen_live, name="event_screen_live"),
    path("events/<int:exchange_event_id>/report/", views_events.event_report, name="event_report"),
    path("events/<int:exchange_event_id>/report.xlsx", views_events.event_report_xlsx, name="event_report_xlsx"),
    path("events/<int:exchange_event_id>/follow-ups/", views_events.event_follow_ups, name="event_follow_ups"),
    path("event-roles/<int:exchange_event_role_id>/remove/", views_events.event_role_remove, name="event_role_remove"),
    # Volunteer tasks
    path("tasks/", views_tasks.task_list, name="task_list"),
    path("tasks/new/", views_tasks.task_create, name="task_create"),
    path("tasks/<int:exchange_task_id>/", views_tasks.task_detail, name="task_detail"),
    path("tasks/<int:exchange_task_id>/edit/", views_tasks.task_edit, name="task_edit"),
    path("tasks/<int:exchange_task_id>/shifts/", views_tasks.task_shifts, name="task_shifts"),
    path("shifts/<int:exchange_shift_id>/sign-up/", views_tasks.shift_signup, name="shift_signup"),
    path("shifts/<int:exchange_shift_id>/cancel/", views_tasks.shift_cancel, name="shift_cancel"),
    path("sign-ups/<int:exchange_signup_id>/cancel/", views_tasks.signup_cancel, name="signup_cancel"),
    path("sign-ups/<int:exchange_signup_id>/attendance/", views_tasks.signup_mark, name="signup_mark"),
    path("hours/", views_tasks.hours, name="hours"),
]
