from django.urls import path

from budgeting.council import views

urlpatterns = [
    path("setup/look/", views.look_edit, name="council_look"),
    path("setup/pages/<slug:key>/", views.page_edit, name="council_page"),
    path("look/logo.png", views.logo, name="council_logo"),
]
