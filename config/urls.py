from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from budgeting.accounts import views as accounts
from config import health
from config.converters import IdConverter

register_converter(IdConverter, "id")

# The admin signs in through Kist's own sign-in: the same limits, the same second factor.
admin.site.login = secure_admin_login(admin.site.login)
# A fallback for superusers: staff run rounds from Kist's own pages.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("account/oidc/<str:provider_id>/login/", accounts.provider_login,
         name="openid_connect_login"),
    path("account/oidc/<str:provider_id>/login/callback/", accounts.provider_callback,
         name="openid_connect_callback"),
    path("account/your-data/", accounts.your_data, name="your_data"),
    path("account/your-data/download/", accounts.your_data_download, name="your_data_download"),
    path("account/your-data/delete/", accounts.your_data_delete, name="your_data_delete"),
    path("account/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script to allow.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(
        url_name="schema", template_name="api/swagger_ui.html"), name="api-docs"),
    path("api/v1/", include("api.urls")),
    path("", include("voting.urls")),
    path("", include("budgeting.urls")),
]

handler404 = "config.errors.not_found"
handler500 = "config.errors.server_error"
