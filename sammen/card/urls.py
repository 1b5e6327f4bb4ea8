from django.urls import path

from . import views_guardian, views_provider, views_staff

app_name = "card"

# Mounted at /<municipality_slug>/card/ by config.urls.
urlpatterns = [
    path("", views_guardian.home, name="home"),
    path("enrol/", views_guardian.enrol, name="enrol"),
    path("cards/<int:card_id>/", views_guardian.card_detail, name="card_detail"),
    path("cards/<int:card_id>/show/", views_guardian.card_show, name="card_show"),
    path("cards/<int:card_id>/print/", views_guardian.card_print, name="card_print"),
    path("cards/<int:card_id>/block/", views_guardian.card_block, name="card_block"),
    path("cards/<int:card_id>/top-up/", views_guardian.topup_guardian, name="topup_guardian"),
    path("cards/<int:card_id>/top-up-link/", views_guardian.topup_link, name="topup_link"),
    path("top-up/<str:token>/", views_guardian.topup_relative, name="topup_relative"),
    path("payments/<str:reference>/", views_guardian.fake_payment, name="fake_payment"),
    path("payments/<str:reference>/done/", views_guardian.topup_return, name="topup_return"),
    path("door/", views_provider.door_choose, name="door_choose"),
    path("door/<int:provider_id>/", views_provider.door, name="door"),
    path("providers/<int:provider_id>/", views_provider.provider_home, name="provider_home"),
    path(
        "providers/<int:provider_id>/settlement/", views_provider.provider_settlement_file, name="provider_settlement"
    ),
    path("providers/<int:provider_id>/offers/new/", views_provider.offer_edit, name="offer_create"),
    path("providers/<int:provider_id>/offers/<int:offer_id>/", views_provider.offer_edit, name="offer_edit"),
    path("providers/<int:provider_id>/uses/<int:redemption_id>/refund/", views_provider.refund, name="refund"),
    path("staff/", views_staff.staff_home, name="staff_home"),
    path("staff/scheme/", views_staff.scheme_edit, name="staff_scheme"),
    path("staff/providers/", views_staff.providers, name="staff_providers"),
    path("staff/grants/", views_staff.grant_rounds, name="staff_grants"),
    path("staff/grants/<int:round_id>/issue/", views_staff.grant_round_issue, name="staff_grant_issue"),
    path("staff/grants/expiry/", views_staff.run_expiry, name="staff_expiry"),
    path("staff/targeted/", views_staff.targeted_grants, name="staff_targeted"),
    path("staff/targeted/<int:enrolment_id>/new/", views_staff.targeted_grant_new, name="staff_targeted_new"),
    path("staff/settlement/", views_staff.settlement_page, name="staff_settlement"),
    path("staff/settlement/file/", views_staff.settlement_file, name="staff_settlement_file"),
    path("staff/settlement/pay/", views_staff.settlement_pay, name="staff_settlement_pay"),
    path("staff/reports/", views_staff.reports_page, name="staff_reports"),
]
