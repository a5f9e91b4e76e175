from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "cameramap.moderation"
    verbose_name = _("Moderation")

    def ready(self):
        from .accounts import moderators_grant_permissions

        # Permissions exist only after migrate has created them, hence post_migrate.
        post_migrate.connect(moderators_grant_permissions)
