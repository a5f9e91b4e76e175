"""Where files live: the file system (the default) or S3-compatible object storage.

Two storages, whatever the backend. ``default`` holds what may be public — processed, blurred
photos and their thumbnails, dataset release files — under random or versioned names, so that
a proxy or a CDN may cache them for long. ``private`` holds what never is — uploaded originals,
unblurred copies under review, dossiers (their visibility is checked by the API), official
lists' uploads and backups.

``MEDIA_STORAGE=s3`` puts both on object storage through django-storages (boto3): public
objects in ``S3_BUCKET`` under ``S3_PUBLIC_PREFIX``, readable by anyone (``S3_PUBLIC_ACL``, or a
bucket policy on that prefix) at stable, unsigned URLs (``S3_PUBLIC_URL`` names a CDN in front);
private objects in ``S3_PRIVATE_BUCKET`` (by default the same bucket) under ``S3_PRIVATE_PREFIX``,
never public, reachable only through URLs signed for ``S3_SIGNED_URL_SECONDS``.
docs/operations.md#object-storage has the whole list and a bucket policy.
"""

from urllib.parse import urlsplit

FILESYSTEM = "filesystem"
S3 = "s3"
S3_BACKEND = "storages.backends.s3.S3Storage"
PRIVATE_FILESYSTEM = "cameramap.cameras.storage.PrivateFileSystemStorage"
STATIC = {
    # Static files are public: readable by whoever serves them (the image's unprivileged user, a
    # proxy), unlike uploads (FILE_UPLOAD_PERMISSIONS).
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    "OPTIONS": {"file_permissions_mode": 0o644, "directory_permissions_mode": 0o755},
}


def _s3_common(env) -> dict:
    endpoint = env("S3_ENDPOINT_URL", default="") or None
    options = {
        "endpoint_url": endpoint,
        "region_name": env("S3_REGION", default="us-east-1"),
        # Path-style URLs (endpoint/bucket/key) for S3-compatible servers, which seldom have a DNS
        # name per bucket; AWS itself chooses.
        "addressing_style": env("S3_ADDRESSING_STYLE", default="path" if endpoint else "") or None,
        "signature_version": "s3v4",
        "file_overwrite": False,  # as on the file system: a name taken is never overwritten
    }
    # Without them, boto3 finds credentials the usual way (AWS_* variables, an instance role).
    if env("S3_ACCESS_KEY_ID", default=""):
        options["access_key"] = env("S3_ACCESS_KEY_ID")
        options["secret_key"] = env("S3_SECRET_ACCESS_KEY")
    return options


def _s3_public(env, bucket: str) -> dict:
    options = {
        **_s3_common(env), "bucket_name": bucket, "location": env("S3_PUBLIC_PREFIX", default="public"),
        "querystring_auth": False, "default_acl": env("S3_PUBLIC_ACL", default="public-read") or None,
        "object_parameters": {"CacheControl": env("S3_PUBLIC_CACHE_CONTROL", default="public, max-age=86400")},
    }
    public_url = env("S3_PUBLIC_URL", default="")
    if public_url:  # https://media.example.org: a CDN (or the bucket's own domain) in front
        parts = urlsplit(public_url.rstrip("/"))
        options["custom_domain"] = parts.netloc + parts.path
        options["url_protocol"] = f"{parts.scheme}:"
    return options


def _s3_private(env, bucket: str) -> dict:
    return {
        **_s3_common(env), "bucket_name": env("S3_PRIVATE_BUCKET", default="") or bucket,
        "location": env("S3_PRIVATE_PREFIX", default="private"), "default_acl": "private",
        "querystring_auth": True, "querystring_expire": env.int("S3_SIGNED_URL_SECONDS", default=300),
        "object_parameters": {"CacheControl": "private, no-store"},
    }


def storages_from_env(env) -> dict:
    """The STORAGES setting for ``MEDIA_STORAGE`` (``filesystem`` or ``s3``; a backend's dotted
    path is still taken for the public storage alone, as before object storage was built in)."""
    kind = env("MEDIA_STORAGE", default=FILESYSTEM)
    if kind == S3:
        bucket = env("S3_BUCKET")
        return {"default": {"BACKEND": S3_BACKEND, "OPTIONS": _s3_public(env, bucket)},
                "private": {"BACKEND": S3_BACKEND, "OPTIONS": _s3_private(env, bucket)}, "staticfiles": STATIC}
    default = "django.core.files.storage.FileSystemStorage" if kind == FILESYSTEM else kind
    return {"default": {"BACKEND": default}, "private": {"BACKEND": PRIVATE_FILESYSTEM}, "staticfiles": STATIC}


def media_origins(storages: dict) -> list[str]:
    """The origins photos and files are fetched from when they are not the site's own: the
    Content-Security-Policy must allow them (img-src, connect-src)."""
    origins = []
    for alias in ("default", "private"):
        options = storages[alias].get("OPTIONS", {})
        if options.get("custom_domain"):
            origins.append(f"{options['url_protocol']}//{options['custom_domain'].split('/')[0]}")
        elif storages[alias]["BACKEND"] == S3_BACKEND:
            endpoint = urlsplit(options.get("endpoint_url") or "https://*.amazonaws.com")  # AWS: a host per bucket
            origins.append(f"{endpoint.scheme}://{endpoint.netloc}")
    return list(dict.fromkeys(origins))
