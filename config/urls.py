from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from budgeting.forms import SignInForm
from config.converters import IdConverter

register_converter(IdConverter, "id")

urlpatterns = [
    path(
        "account/signin/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("account/signout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password-reset/", auth_views.PasswordResetView.as_view(
        extra_email_context={"service_name": settings.SITE_NAME}), name="password_reset"),
    path("account/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("account/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("account/reset/done/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("", include("voting.urls")),
    path("", include("budgeting.urls")),
]

handler404 = "config.errors.not_found"
