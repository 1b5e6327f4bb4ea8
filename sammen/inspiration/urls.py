from django.urls import path

from . import views

app_name = "inspiration"

# Mounted at /<municipality_slug>/inspiration/ by config.urls.
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("themes/", views.tags, name="tags"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/edit/", views.case_edit, name="edit"),
    path("<int:case_id>/delete/", views.case_delete, name="delete"),
]
