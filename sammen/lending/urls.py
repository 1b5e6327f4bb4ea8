from django.urls import path

from . import desk_views, staff_views, views

app_name = "lending"

# Mounted at /<municipality_slug>/lending/ by config.urls.
urlpatterns = [
    path("", views.home, name="home"),
    path("mine/", views.mine, name="mine"),
    path("mine/reservations/<int:reservation_id>/cancel/", views.reservation_cancel, name="reservation_cancel"),
    path("depots/<slug:depot_slug>/", views.depot_detail, name="depot"),
    path("depots/<slug:depot_slug>/items/<int:item_type_id>/", views.item_detail, name="item"),
    path("depots/<slug:depot_slug>/reserve/", views.reserve, name="reserve"),
    path("depots/<slug:depot_slug>/self-service/", views.self_service, name="self_service"),
    # The desk
    path("desk/<slug:depot_slug>/", desk_views.desk, name="desk"),
    path("desk/<slug:depot_slug>/lend/", desk_views.desk_checkout, name="desk_checkout"),
    path("desk/<slug:depot_slug>/return/", desk_views.desk_checkin, name="desk_checkin"),
    path("desk/<slug:depot_slug>/borrowers/new/", desk_views.desk_borrower_new, name="desk_borrower_new"),
    # Staff pages
    path("staff/", staff_views.staff_home, name="staff_home"),
    path("staff/depots/new/", staff_views.depot_create, name="staff_depot_create"),
    path("staff/depots/<slug:depot_slug>/", staff_views.depot_edit, name="staff_depot_edit"),
    path("staff/depots/<slug:depot_slug>/hours/", staff_views.depot_hours, name="staff_depot_hours"),
    path(
        "staff/depots/<slug:depot_slug>/hours/<int:exception_id>/remove/",
        staff_views.depot_exception_remove,
        name="staff_depot_exception_remove",
    ),
    path("staff/depots/<slug:depot_slug>/people/", staff_views.depot_people, name="staff_depot_people"),
    path(
        "staff/depots/<slug:depot_slug>/people/<int:depot_staff_id>/remove/",
        staff_views.depot_people_remove,
        name="staff_depot_people_remove",
    ),
    path("staff/depots/<slug:depot_slug>/catalogue/", staff_views.catalogue, name="staff_catalogue"),
    path(
        "staff/depots/<slug:depot_slug>/catalogue/<int:item_type_id>/",
        staff_views.item_type_edit,
        name="staff_item_type",
    ),
    path(
        "staff/depots/<slug:depot_slug>/photos/<int:photo_id>/remove/",
        staff_views.photo_remove,
        name="staff_photo_remove",
    ),
    path("staff/depots/<slug:depot_slug>/units/<int:unit_id>/", staff_views.unit_edit, name="staff_unit"),
    path("staff/depots/<slug:depot_slug>/reservations/", staff_views.reservations, name="staff_reservations"),
    path(
        "staff/depots/<slug:depot_slug>/reservations/<int:reservation_id>/",
        staff_views.reservation_detail,
        name="staff_reservation",
    ),
    path("staff/depots/<slug:depot_slug>/loans/", staff_views.loans, name="staff_loans"),
    path("staff/depots/<slug:depot_slug>/loans/<int:loan_id>/", staff_views.loan_detail, name="staff_loan"),
    path("staff/overdue/", staff_views.overdue, name="staff_overdue"),
    path("staff/review/", staff_views.review_queue, name="staff_review"),
    path("staff/borrowers/", staff_views.borrowers, name="staff_borrowers"),
    path("staff/borrowers/<int:borrower_id>/", staff_views.borrower_detail, name="staff_borrower"),
    path("staff/statistics/", staff_views.statistics, name="staff_statistics"),
    path("staff/statistics/export/", staff_views.statistics_export, name="staff_statistics_export"),
]
