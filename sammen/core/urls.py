from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("healthz", views.healthz, name="healthz"),
    path("<slug:municipality_slug>/privacy/", views.privacy, name="privacy"),
    path("<slug:municipality_slug>/accessibility/", views.accessibility, name="accessibility"),
    path("<slug:municipality_slug>/staff/", views.staff_dashboard, name="staff_dashboard"),
    path("<slug:municipality_slug>/staff/audit/", views.audit_log, name="audit_log"),
]
