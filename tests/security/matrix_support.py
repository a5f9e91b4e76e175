"""The machinery of the permission matrix (tests/security/test_permission_matrix.py): the five
roles as real accounts, the outcome classes, a world of rows built on demand for one cell, and
admin forms read back the way a browser would send them."""

import io
from datetime import date, timedelta
from functools import cached_property
from html.parser import HTMLParser

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image
from rest_framework.authtoken.models import Token, TokenProxy
from rest_framework.test import APIClient

from cameramap.cameras.models import Area, Camera, Photo, Report
from cameramap.datasets.models import DatasetRelease, OsmElement
from cameramap.moderation.accounts import moderator_ensure
from cameramap.moderation.groups import TRUSTED
from cameramap.cameras.history import ModerationEvent
from cameramap.moderation.models import ReviewLock
from cameramap.moderation.services import report_attach
from tests.factories import CHECKED

ROLES = ("anonymous", "volunteer", "trusted", "moderator", "admin")
PASSWORD = "matrix-Password-41"

# The outcome classes a cell can expect; every refusal also means that nothing was written.
OK = "ok"                    # allowed: the endpoint's success status, and the write happened
UNAUTHENTICATED = "401"      # API without credentials: 401 naming how to authenticate; nothing written
FORBIDDEN = "403"            # signed in, not allowed: 403; nothing written
LOGIN = "login"              # a page: redirect to the login page (and back after); nothing written
NOT_OFFERED = "not offered"  # an admin list action not offered to this user: the list again (200); nothing written
TO_ADMIN = "to admin"        # the admin sends a non-staff user to its index (which asks for a staff login)
BAD_LOGIN = "bad login"      # credentials that open no (staff) session: API 400, login form again (200)


def account(role: str):
    User = get_user_model()
    if role == "anonymous":
        return None
    if role == "moderator":  # as the demo moderator is made: staff, in the moderators group
        return moderator_ensure(username="matrix-moderator", password=PASSWORD)[0]
    if role == "admin":
        return User.objects.create_superuser(username="matrix-admin", password=PASSWORD)
    user = User.objects.create_user(username=f"matrix-{role}", password=PASSWORD)
    if role == "trusted":
        user.groups.add(Group.objects.get(name=TRUSTED))
    return user


def jpeg(size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 140, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


def square(west, south, east, north) -> MultiPolygon:
    return MultiPolygon(Polygon.from_bbox((west, south, east, north)), srid=4326)


def logged(obj, flag: int) -> bool:
    """The admin wrote its log entry for obj (ADDITION, CHANGE or DELETION)."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return LogEntry.objects.filter(content_type=content_type, object_id=str(obj.pk), action_flag=flag).exists()


def camera(lon: float = 20.4573, **fields) -> Camera:
    return Camera.objects.create(
        location=Point(x=lon, y=44.8176, srid=4326), published=True,
        first_seen=date(2026, 1, 10), last_confirmed=date(2026, 1, 10), **fields,
    )


def report(lon: float = 20.46, **fields) -> Report:
    fields.setdefault("prechecks", dict(CHECKED))  # as moderators find it in the queue
    return Report.objects.create(location=Point(x=lon, y=44.8176, srid=4326), **fields)


class World:
    """One cell's account, its client (signed in as the role) and the rows the endpoint acts on,
    each made the first time it is asked for."""

    def __init__(self, role: str):
        self.role = role
        self.actor = account(role)
        self.client = APIClient()
        if self.actor is not None:
            self.client.force_login(self.actor)

    def once(self, key: str, make):
        """A row made on first use, like the properties below, for rows keyed at run time."""
        if key not in self.__dict__:
            self.__dict__[key] = make()
        return self.__dict__[key]

    def fresh(self, obj):
        return type(obj).objects.filter(pk=obj.pk).first()

    @cached_property
    def username(self) -> str:
        return self.actor.username if self.actor else "matrix-nobody"

    @cached_property
    def root(self) -> APIClient:
        """A superuser of its own, to read admin forms as the admin would fill them."""
        client = APIClient()
        client.force_login(get_user_model().objects.create_superuser(username="matrix-root", password=PASSWORD))
        return client

    def form(self, url: str) -> dict[str, list[str]]:
        response = self.root.get(url)
        if response.status_code != 200:
            return {}  # nobody may open this form: the cell sends what it is given
        parser = FormReader()
        parser.feed(response.content.decode())
        return parser.data

    @cached_property
    def camera(self) -> Camera:
        return camera()

    @cached_property
    def dup(self) -> Camera:
        """A second camera, with one sighting (to merge it away, or to split the sighting out)."""
        dup = camera(lon=20.45733)
        self._sighting = report(lon=20.45733)
        report_attach(report=self._sighting, camera=dup, moderator=None)
        return dup

    @property
    def sighting(self) -> Report:
        self.dup  # noqa: B018 (made with it)
        return self.fresh(self._sighting)

    @cached_property
    def report(self) -> Report:
        return report(notes="as the volunteer wrote it")

    @cached_property
    def photo(self) -> Photo:
        photo = Photo(report=self.report, state="done", phash="c3c3c3c33c3c3c3c")
        photo.image.save("matrix.jpg", ContentFile(jpeg((320, 240))), save=False)
        photo.thumbnail.save("matrix-t.jpg", ContentFile(jpeg()), save=False)
        photo.save()
        return photo

    @cached_property
    def review_photo(self) -> Photo:
        """A photo whose blurring is under review: an unblurred copy and one box the detector found."""
        photo = Photo(report=self.report, state="done", phash="c3c3c3c33c3c3c3c",
                      blur_boxes=[{"x": 0.4, "y": 0.4, "w": 0.1, "h": 0.1, "kind": "face"}])
        photo.image.save("matrix-review.jpg", ContentFile(jpeg((320, 240))), save=False)
        photo.thumbnail.save("matrix-review-t.jpg", ContentFile(jpeg()), save=False)
        photo.unblurred.save("matrix-review.jpg", ContentFile(jpeg((320, 240))), save=False)
        photo.save()
        return photo

    @cached_property
    def lock(self) -> ReviewLock:
        """The report, open for review by the acting user (or by a stand-in, for anonymous)."""
        holder = self.actor or moderator_ensure(username="matrix-holder", password=PASSWORD)[0]
        expires = timezone.now() + timedelta(minutes=10)
        return ReviewLock.objects.create(report=self.report, moderator=holder, expires_at=expires)

    @cached_property
    def area(self) -> Area:
        return Area.objects.create(name="Matrix", slug="matrix", boundary=square(20.40, 44.80, 20.42, 44.82))

    @cached_property
    def release(self) -> DatasetRelease:
        return DatasetRelease.objects.create(version="2026.01.10", status="ready", licence="ODbL-1.0")

    @cached_property
    def osm(self) -> OsmElement:
        return OsmElement.objects.create(camera=self.camera, version=3)

    @cached_property
    def event(self) -> ModerationEvent:
        return ModerationEvent.objects.create(report=self.report, action="lock")

    @cached_property
    def group(self) -> Group:
        return Group.objects.create(name="matrix-group")

    @cached_property
    def person(self):
        """An account that is the subject of admin work, not the actor."""
        return get_user_model().objects.create_user(username="matrix-person", password=PASSWORD)

    @cached_property
    def other(self):
        return get_user_model().objects.create_user(username="matrix-other", password=PASSWORD)

    @cached_property
    def token(self) -> TokenProxy:
        return TokenProxy.objects.get(pk=Token.objects.create(user=self.person).pk)

    def axes(self, model):
        fields = {"user_agent": "matrix", "username": "someone", "http_accept": "*/*", "path_info": "/admin/login/"}
        if model.__name__ == "AccessAttempt":
            fields.update(get_data="", post_data="", failures_since_start=1)
        return model.objects.create(**fields)


class FormReader(HTMLParser):
    """The fields of an admin page's main form (``<form id="…_form">``) as a browser submits
    them: text inputs and text areas, checked boxes, selected options (else a select's first)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self.inside = False
        self.select: tuple[str, bool] | None = None
        self.first_option: str | None = None
        self.chosen = False
        self.textarea: str | None = None

    def add(self, name: str | None, value: str) -> None:
        if name and "__prefix__" not in name:  # skip the inline formsets' empty templates
            self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = (a.get("id") or "").endswith("_form")
        elif not self.inside:
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.add(a.get("name"), a.get("value") or ("on" if kind in ("checkbox", "radio") else ""))
        elif tag == "select":
            self.select, self.first_option, self.chosen = (a.get("name"), "multiple" in a), None, False
        elif tag == "option" and self.select:
            value = a.get("value") or ""
            if self.first_option is None:
                self.first_option = value
            if "selected" in a:
                self.add(self.select[0], value)
                self.chosen = True
        elif tag == "textarea":
            self.textarea = a.get("name")
            self.add(self.textarea, "")

    def handle_data(self, data):
        if self.textarea and "__prefix__" not in self.textarea:
            self.data[self.textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea:
            if "__prefix__" not in self.textarea and self.data[self.textarea][-1].startswith("\n"):
                self.data[self.textarea][-1] = self.data[self.textarea][-1][1:]  # as HTML parsing drops it
            self.textarea = None
        elif tag == "select" and self.select:
            if not self.chosen and not self.select[1] and self.first_option is not None:
                self.add(self.select[0], self.first_option)
            self.select = None
