from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetingConfig(AppConfig):
    name = "budgeting"
    verbose_name = _("Budgeting")

    def ready(self) -> None:
        from budgeting.languages import signals  # noqa: F401  (connects the receivers)
