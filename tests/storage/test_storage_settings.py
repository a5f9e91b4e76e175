"""MEDIA_STORAGE and S3_* read into STORAGES, and the origins the Content-Security-Policy allows."""

import environ

from cameramap.settings.storage import media_origins, storages_from_env


def _storages(monkeypatch, **values) -> dict:
    for name in ("MEDIA_STORAGE", "S3_BUCKET", "S3_PRIVATE_BUCKET", "S3_PUBLIC_URL", "S3_ENDPOINT_URL", "S3_PUBLIC_ACL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return storages_from_env(environ.Env())


def test_the_default_is_two_folders_and_no_other_origin(monkeypatch):
    storages = _storages(monkeypatch)
    assert storages["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert storages["private"]["BACKEND"] == "cameramap.cameras.storage.PrivateFileSystemStorage"
    assert media_origins(storages) == []


def test_s3_keeps_private_objects_private_and_signed(monkeypatch):
    storages = _storages(monkeypatch, MEDIA_STORAGE="s3", S3_BUCKET="media", S3_PRIVATE_BUCKET="vault",
                         S3_ENDPOINT_URL="https://s3.example.org")
    public, private = storages["default"]["OPTIONS"], storages["private"]["OPTIONS"]
    assert (public["bucket_name"], public["location"], public["querystring_auth"], public["default_acl"]) == (
        "media", "public", False, "public-read")
    assert (private["bucket_name"], private["location"], private["querystring_auth"], private["default_acl"]) == (
        "vault", "private", True, "private")
    assert private["querystring_expire"] == 300 and private["object_parameters"]["CacheControl"] == "private, no-store"
    assert public["addressing_style"] == "path" and not public["file_overwrite"]
    assert media_origins(storages) == ["https://s3.example.org"]


def test_a_cdn_in_front_of_the_bucket_makes_the_public_urls(monkeypatch):
    storages = _storages(monkeypatch, MEDIA_STORAGE="s3", S3_BUCKET="media", S3_PUBLIC_URL="https://media.example.org/",
                         S3_PUBLIC_ACL="")
    public = storages["default"]["OPTIONS"]
    assert (public["custom_domain"], public["url_protocol"], public["default_acl"]) == ("media.example.org", "https:", None)
    assert storages["private"]["OPTIONS"]["bucket_name"] == "media"  # one bucket, the private prefix apart
    assert media_origins(storages) == ["https://media.example.org", "https://*.amazonaws.com"]
