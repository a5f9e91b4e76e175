from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "cameramap.moderation"
    verbose_name = _("Moderation")

    def ready(self):
        from cameramap.cameras.signals import report_settled

        from .accounts import moderators_grant_permissions
        from .handlers import report_settled_precheck

        # Permissions exist only after migrate has created them, hence post_migrate.
        post_migrate.connect(moderators_grant_permissions)
        # The photo pipeline (cameras) hands each settled report up to the pre-checks.
        report_settled.connect(report_settled_precheck, dispatch_uid="moderation.report_settled_precheck")
