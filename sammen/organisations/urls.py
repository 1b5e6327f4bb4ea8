from django.urls import path

from . import views

app_name = "organisations"

# Mounted at /<municipality_slug>/organisations/ by config.urls.
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("register/", views.organisation_register, name="register"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/<int:organisation_id>/", views.review, name="review"),
    path("<int:organisation_id>/", views.organisation_detail, name="detail"),
    path("<int:organisation_id>/edit/", views.organisation_edit, name="edit"),
    path("<int:organisation_id>/members/", views.organisation_members, name="members"),
    path(
        "<int:organisation_id>/members/<int:membership_id>/remove/", views.membership_remove, name="membership_remove"
    ),
]
