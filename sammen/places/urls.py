from django.urls import path

from . import views

app_name = "places"

# Mounted at /<municipality_slug>/ by config.urls.
urlpatterns = [
    path("", views.municipality_home, name="municipality"),
    path("neighbourhoods/<slug:neighbourhood_slug>/", views.neighbourhood_home, name="neighbourhood"),
    path("venues/<int:venue_id>/", views.venue_detail, name="venue"),
    path("staff/settings/", views.municipality_edit, name="staff_municipality"),
    path("staff/neighbourhoods/", views.neighbourhood_staff_list, name="staff_neighbourhoods"),
    path("staff/neighbourhoods/new/", views.neighbourhood_create, name="staff_neighbourhood_create"),
    path("staff/neighbourhoods/<int:neighbourhood_id>/", views.neighbourhood_edit, name="staff_neighbourhood_edit"),
    path("staff/venues/", views.venue_staff_list, name="staff_venues"),
    path("staff/venues/new/", views.venue_create, name="staff_venue_create"),
    path("staff/venues/<int:venue_id>/", views.venue_edit, name="staff_venue_edit"),
]
