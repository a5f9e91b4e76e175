"""Takes out of the image's /venv what the site never runs, in the Dockerfile's build stage, after
`pip install -r requirements.txt`, `compilemessages` and `collectstatic` (run with /venv's Python,
the production settings and the build-only environment the Dockerfile sets).

The wheels of requirements.txt bring more than the site runs: translations into a hundred
languages where the site speaks three, the packages' own static files that `collectstatic` has
already copied into STATIC_ROOT (and the source maps collected with them), hyphenation
dictionaries and Haar cascades nobody loads, the models of some 450 AWS services botocore can
call where the site calls S3 alone, type stubs, symbol tables, and their own copies of OpenBLAS
and the Fortran runtime where Debian's (already in the image) would do. Each step below says why
what it removes is never used. Then the bytecode: only the modules the site, the worker and beat
import are compiled (the rest of the packages' code is never run, and the image is read-only for
the user that runs it).

The shared libraries are .ci/image_slim_libraries.py's. It fails the build when a shared
library can no longer be loaded or a module the site imports is missing, so that a slimmer image
never means a broken one; the compose test then checks the built image itself
(.ci/image_check.py). Figures: benchmarks/RESULTS.md (deploy image).
"""

import ast
import contextlib
import importlib
import importlib.util
import io
import os
import pkgutil
import py_compile
import re
import shutil
import sys
import sysconfig
from pathlib import Path
from unittest import mock

from image_slim_libraries import debian_copies, opencv_blas_from_debian, orphaned_libraries, refused, shared_objects, strip_symbols

SITE = Path(sysconfig.get_paths()["purelib"])
APP = Path(os.environ.get("APP_DIR", "/app"))
STDLIB_BYTECODE = Path("/stdlib-bytecode")
NUMPY_BUILD_TOOLS = ["f2py", "distutils", "_pyinstaller", "typing"]
BUILD_SOURCES = {".c", ".h", ".pyx", ".pxd", ".pxi"}  # WeasyPrint's cffi works without a compiler (ABI mode)
# The AWS services whose models botocore and boto3 keep: S3's API is object storage
# (MEDIA_STORAGE=s3), STS gives the credentials of a role boto3 assumes (a web identity token on
# Kubernetes, a profile's role_arn). Every session also loads the files at the top of
# botocore/data (endpoints, partitions, retry and default configuration): they stay.
AWS_SERVICES = {"s3", "sts"}

# What the processes of docker-compose.yml import once they run, beyond what importing the site's
# own modules imports: gunicorn's arbiter and workers, Celery's worker, its prefork pool and beat,
# the Redis transport and result backend, the management commands the services call.
RUNTIME_MODULES = [
    "gunicorn.app.wsgiapp", "gunicorn.arbiter", "gunicorn.glogging", "gunicorn.workers.sync",
    "gunicorn.workers.gthread", "celery.bin.celery", "celery.bin.worker", "celery.bin.beat",
    "celery.apps.worker", "celery.apps.beat", "celery.beat", "celery.worker.components",
    "celery.worker.consumer", "celery.worker.strategy", "celery.worker.autoscale", "celery.concurrency.prefork",
    "celery.events.state", "celery.backends.redis", "kombu.transport.redis", "billiard.pool",
    "django.core.management.commands.migrate", "django.core.management.commands.check",
    "django.core.management.commands.dumpdata", "django.core.management.commands.loaddata",
]
def say(message: str) -> None:
    print(f"image_slim: {message}", flush=True)


def size(path: Path) -> int:
    """Bytes of the regular files under path (symbolic links count for nothing)."""
    if path.is_symlink() or path.is_file():
        return 0 if path.is_symlink() else path.stat().st_size
    return sum(size(child) for child in path.rglob("*") if child.is_file() and not child.is_symlink())


def remove(paths, why: str) -> None:
    paths = [path for path in paths if path.exists() or path.is_symlink()]
    listed = set(paths)
    paths = [path for path in paths if listed.isdisjoint(path.parents)]  # nested ones go with theirs
    freed = sum(size(path) for path in paths)
    for path in paths:
        shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
    say(f"{freed / 1e6:6.1f} MB  {why} ({len(paths)} removed)")


def site_languages() -> set[str]:
    """The site's languages as locale folders name them: en, sr, sr_Latn."""
    from django.conf import settings
    from django.utils.translation import to_locale

    return {to_locale(code) for code, _name in settings.LANGUAGES}


def other_languages(languages: set[str]) -> list[Path]:
    """Translations (and Django's date formats) of the packages into languages the site never
    serves: LANGUAGES limits what any request can activate."""
    found = []
    for locale in SITE.rglob("locale"):
        for child in locale.iterdir() if locale.is_dir() else []:
            is_language = (child / "LC_MESSAGES").is_dir() or (child / "formats.py").is_file()
            if is_language and child.name not in languages:
                found.append(child)
    return found


def other_hyphenation(languages: set[str]) -> list[Path]:
    """Pyphen's dictionaries for languages no dossier is written in (WeasyPrint hyphenates in the
    document's language only)."""
    prefixes = tuple(f"hyph_{language.split('_')[0]}" for language in languages)
    folder = SITE / "pyphen" / "dictionaries"
    return [path for path in [*folder.glob("hyph_*.dic"), *folder.glob("README_hyph_*")]
            if not path.name.removeprefix("README_").startswith(prefixes)]


def unused_cascades() -> list[Path]:
    """OpenCV's Haar cascades the site does not name (photos/blur.py loads its own few)."""
    named = set()
    for source in APP.rglob("*.py"):
        named |= set(re.findall(r"haarcascade_\w+\.xml", source.read_text(encoding="utf-8")))
    if not named:
        return []
    return [path for path in (SITE / "cv2" / "data").glob("haarcascade_*.xml") if path.name not in named]


def collected_package_static() -> list[Path]:
    """The installed apps' own static folders: collectstatic has copied them into STATIC_ROOT,
    which WhiteNoise serves (the production settings use no finder at run time)."""
    from django.apps import apps

    return [Path(config.path) / "static" for config in apps.get_app_configs()
            if Path(config.path).is_relative_to(SITE) and (Path(config.path) / "static").is_dir()]


def source_maps() -> list[Path]:
    """The source maps among the collected static files (Swagger UI's, Redoc's, Leaflet's,
    Bootstrap's; the site's own files have none): only a browser's developer tools fetch them, to
    show a minified bundle's sources; the bundles run the same without them."""
    from django.conf import settings

    return [path for path in Path(settings.STATIC_ROOT).rglob("*.map") if path.is_file()]


def app_modules() -> list[str]:
    """Every module of the site's packages (other settings modules than the one in use aside)."""
    names = []
    for package in ("cameramap", "api"):
        module = importlib.import_module(package)
        names.append(package)
        for info in pkgutil.walk_packages(module.__path__, prefix=f"{package}."):
            if not info.name.startswith("cameramap.settings."):
                names.append(info.name)
    return names


def imported_by_the_app() -> set[str]:
    """Modules the site's code imports anywhere, inside functions too (cv2, openpyxl, osmium and
    weasyprint are imported where they are used)."""
    names = set()
    for source in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
    return names


def load_the_site() -> None:
    """What the processes import while they serve: the site's every module, what they import in
    functions, Django's lazily loaded parts (database backend, URL conf, templates and their tag
    libraries, DRF's renderers, the OpenAPI schema) and the servers' own modules. A module of an
    installed package that is missing (something slimming took) fails the build; a package not
    installed at all is a developer tool's, outside requirements.txt (polib for translations_latin)."""
    import django

    django.setup()
    outside = set()
    for name in app_modules() + sorted(imported_by_the_app()) + RUNTIME_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name is None or importlib.util.find_spec(error.name.split(".")[0]) is not None:
                raise
            outside.add(error.name)
    say(f"not in the image, needed by developer tools only: {', '.join(sorted(outside)) or 'nothing'}")

    from django.db import connection
    from django.template import engines
    from django.urls import get_resolver
    from drf_spectacular.generators import SchemaGenerator
    from rest_framework.settings import api_settings

    connection.ops, connection.features, connection.introspection  # noqa: B018 (imports the backend)
    get_resolver().url_patterns  # noqa: B018
    for setting in ("DEFAULT_RENDERER_CLASSES", "DEFAULT_PARSER_CLASSES", "DEFAULT_AUTHENTICATION_CLASSES",
                    "DEFAULT_PERMISSION_CLASSES", "DEFAULT_THROTTLE_CLASSES", "DEFAULT_FILTER_BACKENDS"):
        getattr(api_settings, setting)
    for engine in engines.all():
        engine.engine.template_libraries  # noqa: B018 (imports every app's tag libraries)
        for folder in engine.template_dirs:
            if Path(folder).is_relative_to(APP):
                for template in Path(folder).rglob("*.html"):
                    engine.get_template(str(template.relative_to(folder)))
    with contextlib.redirect_stderr(io.StringIO()):  # its warnings are the API docs' business
        SchemaGenerator().get_schema(request=None, public=True)
    run_the_libraries()


def run_the_libraries() -> None:
    """The paths that import more as they run: a photo through the site's pipeline (Pillow's
    plugins, OpenCV, the perceptual hash's DCT), the exact assignment, a PDF through WeasyPrint
    (fontTools' subsetting); so that their modules get bytecode, and SciPy's subpackages they
    use count as used."""
    from PIL import Image
    from scipy.optimize import linear_sum_assignment

    from cameramap.datasets.dossiers import dossier_pdf
    from cameramap.photos.render import photo_render

    photo = io.BytesIO()
    Image.linear_gradient("L").convert("RGB").resize((640, 480)).save(photo, "JPEG")
    photo_render(photo.getvalue(), max_pixels=10_000_000)
    linear_sum_assignment([[4, 1], [2, 0]])
    dossier_pdf('<html lang="sr"><body><h1>Камере</h1><p>Kamere, 1757 — <b>12 %</b></p></body></html>')


def other_aws_services() -> list[Path]:
    """botocore's and boto3's models of the AWS services the site never calls, about 450 of
    them (29 MB of botocore's 33): the site stores files through S3's API and calls nothing else."""
    folders = [SITE / "botocore" / "data", SITE / "boto3" / "data"]
    return [path for folder in folders if folder.is_dir() for path in folder.iterdir()
            if path.is_dir() and path.name not in AWS_SERVICES]


def sign_with_object_storage() -> None:
    """The site's object storage as settings/storage.py configures it (MEDIA_STORAGE=s3), up to
    what needs no server: the storages built, S3's and STS's models loaded, a URL signed. After
    other_aws_services(), so that the build fails if a model it took is needed; and so that
    boto3's and botocore's modules get bytecode, although the build's settings use the file
    system. The round trip through a server is .ci/image_check.py's."""
    import boto3
    import environ
    from django.core.files.storage import storages

    from cameramap.settings.storage import storages_from_env

    variables = {"MEDIA_STORAGE": "s3", "S3_BUCKET": "build", "S3_ENDPOINT_URL": "http://s3.build.invalid:9000",
                 "S3_ACCESS_KEY_ID": "build", "S3_SECRET_ACCESS_KEY": "build-only"}
    with mock.patch.dict(os.environ, variables):
        config = storages_from_env(environ.Env())
    private, public = storages.create_storage(config["private"]), storages.create_storage(config["default"])
    assert "X-Amz-Signature=" in private.url("build.jpg") and "X-Amz-" not in public.url("build.jpg")
    session = boto3.session.Session(aws_access_key_id="build", aws_secret_access_key="build-only",
                                    region_name="eu-central-1")
    session.client("sts")
    signed = session.client("s3").generate_presigned_url("get_object", Params={"Bucket": "build", "Key": "k"})
    assert ".amazonaws.com/" in signed, signed


def unused_subpackages() -> list[Path]:
    """SciPy's subpackages that nothing the site runs imports (it uses linear_sum_assignment and,
    through ImageHash, the DCT: optimize, fft and what they import; not stats, io, signal,
    interpolate, integrate, ndimage…), and NumPy's tools for building extensions and type checks.
    Called once the site is loaded, so that sys.modules says what is used."""
    found = [SITE / "numpy" / name for name in NUMPY_BUILD_TOOLS if f"numpy.{name}" not in sys.modules]
    for folder in (SITE / "scipy").iterdir():
        if (folder / "__init__.py").is_file() and not folder.name.startswith("_") and f"scipy.{folder.name}" not in sys.modules:
            found.append(folder)
    return found


def compile_what_runs() -> None:
    """Bytecode for the modules imported now, and no other: the rest is never run (and would
    compile in memory if it ever were, as the user cameramap cannot write to /venv). The
    standard library's goes to STDLIB_BYTECODE, which the final stage copies over its Python,
    whose own bytecode of every module the runtime stage removed."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    compiled = {"packages": 0, "standard library": 0}
    for module in list(sys.modules.values()):
        source = Path(getattr(module, "__file__", None) or "/")
        if source.suffix != ".py" or not source.is_file():
            continue
        if source.is_relative_to(SITE):
            target, part = Path(importlib.util.cache_from_source(source)), "packages"
        elif source.is_relative_to(stdlib):
            target, part = STDLIB_BYTECODE / Path(importlib.util.cache_from_source(source)).relative_to("/"), "standard library"
        else:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        py_compile.compile(str(source), cfile=str(target), doraise=True)
        compiled[part] += target.stat().st_size
    say(f"{compiled['packages'] / 1e6:6.1f} MB  bytecode kept, of the modules the site and its servers import"
        f" (and {compiled['standard library'] / 1e6:.1f} MB of the standard library's)")


def main() -> None:
    remove(list(SITE.rglob("__pycache__")), "bytecode compiled by pip (compiled again below, for what runs)")
    remove([path for path in SITE.rglob("*") if path.name == "tests" and path.is_dir()], "the packages' own test suites")
    remove([path for path in SITE.rglob("*") if path.suffix in {".po", ".pyi"}],
           "translation sources (.po; Django reads the compiled .mo) and type stubs (.pyi)")
    remove([path for path in SITE.rglob("*") if path.suffix in BUILD_SOURCES and path.is_file()],
           "C and Cython sources and headers, for compiling against the packages (nothing compiles at run time)")

    import django

    sys.path.insert(0, str(APP))  # the site's packages (this file runs from APP/.ci)
    django.setup()
    languages = site_languages()
    remove(other_languages(languages), f"translations into languages the site does not speak (it keeps {', '.join(sorted(languages))})")
    remove(other_hyphenation(languages), "hyphenation dictionaries of other languages")
    remove(unused_cascades(), "Haar cascades the blur does not load")
    remove(collected_package_static(), "the packages' static files, copied into STATIC_ROOT by collectstatic")
    remove(source_maps(), "source maps of the collected static files, for developer tools")

    refused_before = refused(shared_objects())
    opencv_blas_from_debian()
    remove(orphaned_libraries(), "the wheels' libraries nothing loads any more")
    debian_copies()
    objects = shared_objects()
    strip_symbols(objects, refused_before)
    now_refused = set(refused(objects)) - set(refused_before)
    if now_refused:
        sys.exit("image_slim: the dynamic linker refuses, after slimming: " + ", ".join(map(str, sorted(now_refused))))
    say(f"{len(objects)} shared objects load as before (RTLD_NOW, {len(refused_before)} only beside others, as before)")

    remove(other_aws_services(), f"botocore's and boto3's models of AWS services but {', '.join(sorted(AWS_SERVICES))}")
    load_the_site()
    sign_with_object_storage()
    remove(unused_subpackages(), "SciPy's subpackages the site does not import, NumPy's build and typing tools")
    compile_what_runs()


if __name__ == "__main__":
    main()
