from django.urls import path

from . import views

app_name = "accounts_staff"

# Mounted at /<municipality_slug>/staff/people/ by config.urls.
urlpatterns = [
    path("", views.role_list, name="roles"),
    path("<int:assignment_id>/revoke/", views.role_revoke, name="role_revoke"),
]
