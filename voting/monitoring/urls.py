from django.urls import path

from voting.monitoring import views

urlpatterns = [
    path("p/<slug:slug>/vote/about-you/", views.monitoring_form, name="monitoring_form"),
    path("p/<slug:slug>/who-took-part/", views.who_took_part, name="who_took_part"),
    path("p/<slug:slug>/who-took-part/area/<str:question>/", views.area_shares,
         name="monitoring_area_shares"),
]
