"""Accounts: sign up, sign in and out, and password reset, on Kist's own pages."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path

from budgeting.accounts import views
from budgeting.accounts.forms import SignInForm

urlpatterns = [
    path("account/signup/", views.signup, name="signup"),
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
]
