from django.urls import path

from budgeting.languages import views

urlpatterns = [
    path("language/<str:code>/", views.language_choose, name="language_choose"),
    path("languages/", views.statement, name="languages"),
]
