"""Accounts that carry roles."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connections, transaction

from .groups import MODERATORS, TRUSTED


@transaction.atomic
def moderator_ensure(*, username: str, password: str | None) -> tuple[object, str | None]:
    """Create the moderator account if it is missing; set its password when one is given.
    Returns the user and the password that was set (None when the old one was kept)."""
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
    if created and not password:
        password = secrets.token_urlsafe(12)
    if password:
        user.set_password(password)
        user.is_staff = True
        user.save()
    user.groups.add(Group.objects.get(name=MODERATORS))
    return user, password


# What a moderator may do in the admin; everything else is for superusers.
MODERATOR_PERMISSIONS = {
    "cameras": ["view_camera", "change_camera", "view_report", "change_report", "view_photo", "change_photo", "view_area",
                "view_moderationevent"],
    "datasets": ["view_datasetrelease"],
    "moderation": ["view_mappingevent", "add_mappingevent", "change_mappingevent"],
    "official": ["view_officiallist", "add_officiallist", "view_officialentry", "change_officialentry",
                 "view_officialimport", "add_officialimport"],
}


def moderators_grant_permissions(**kwargs) -> None:
    """Make sure the role groups exist and give the moderators group its admin permissions (runs
    after every migrate, and after every flush, which empties the groups table too)."""
    from django.contrib.auth.models import Permission

    using = kwargs.get("using", "default")
    if Group._meta.db_table not in connections[using].introspection.table_names():
        return  # auth is not migrated (yet, or any more)
    group, _created = Group.objects.using(using).get_or_create(name=MODERATORS)
    Group.objects.using(using).get_or_create(name=TRUSTED)
    for app_label, codenames in MODERATOR_PERMISSIONS.items():
        group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
