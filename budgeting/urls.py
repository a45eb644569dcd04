from django.urls import include, path

from budgeting import audit_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("budgeting.team.urls")),
    path("", include("budgeting.setup.urls")),
    path("", include("budgeting.languages.urls")),
    path("privacy/", views.privacy, name="privacy"),
    path("cookies/", views.cookies, name="cookies"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("contact/", views.contact, name="contact"),
    path("", include("budgeting.council.urls")),
    path("p/<slug:slug>/", views.process_detail, name="process"),
    path("p/<slug:slug>/audit/", audit_views.audit_log, name="audit_log"),
    path("setup/audit/", audit_views.site_audit_log, name="site_audit_log"),
    path("", include("budgeting.proposals.urls")),
    path("", include("budgeting.comments.urls")),
    path("", include("budgeting.pictures.urls")),
    path("", include("budgeting.supports.urls")),
    path("", include("budgeting.following.urls")),
    path("", include("budgeting.shortlisting.urls")),
    path("", include("budgeting.delivery.urls")),
]
