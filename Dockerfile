# One image for migrate, web, worker and beat (docker-compose.yml builds it once).
# Stages: `runtime` has what runs the site; `build` adds the compiler and gettext, installs
# requirements.txt into /venv, compiles the translations, collects the static files and takes out
# of /venv what never runs (.ci/image_slim.py); the final stage is `runtime` with /venv, /app and
# the standard library's bytecode, and runs as the unprivileged user cameramap.
# .dockerignore names what of the checkout may be copied in.
# Size and build time: benchmarks/RESULTS.md (deploy image).

# What runs the site, shared by both stages (installed once): Python, GDAL, GEOS and PROJ, and
# Pango with a font for WeasyPrint's dossiers; Debian's LAPACK, BLAS and Fortran runtime (GDAL
# brings them anyway), which OpenCV and the numerical wheels use instead of their own copies.
# No PostgreSQL client (pg_dump would bring Perl, 55 MB): the db service has it (docs/operations.md).
# Out again: the standard library's bytecode (the build stage compiles what runs, copied in at
# the end), its documentation and regression tests; of PROJ's data, the geoid model EGM96 (for
# heights; the site's coordinates are 2D) and the Swiss CHENYX06 grids (CH1903 to CH1903+ and
# ETRS89, which the site never asks for: it transforms to WGS 84 only, which PROJ does from the
# Swiss systems without them, measured identical). The other datum grids stay: PROJ uses
# BETA2007 and NZGD2000's for WGS 84, and an official list may come in any coordinate system.
FROM debian:12-slim AS runtime
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      python3 libgdal32 libgeos-c1v5 libproj25 liblapack3 libblas3 libgfortran5 \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* /usr/share/proj/egm96_15.gtx /usr/share/proj/CHENYX06*.gsb \
      /usr/lib/python3.11/pydoc_data /usr/lib/python3.11/test \
 && find /usr/lib/python3.11 -name __pycache__ -prune -exec rm -rf {} +

FROM runtime AS build
ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=cameramap.settings.production STATIC_ROOT=/app/staticfiles
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-venv python3-dev gcc gettext \
 && rm -rf /var/lib/apt/lists/*
COPY requirements.txt /tmp/requirements.txt
# No bytecode yet (.ci/image_slim.py compiles what runs), and no pip in the image.
RUN python3 -m venv /venv \
 && /venv/bin/pip install --no-compile -r /tmp/requirements.txt \
 && /venv/bin/pip uninstall -q -y pip setuptools
ENV PATH=/venv/bin:$PATH
WORKDIR /app
COPY . .
# Build-time only values, so that the production settings load; the real ones come from the
# environment at run time and are never part of the image.
# .ci/image_slim.py then takes out of /venv what never runs (translations into other languages,
# the packages' static files once collected, their tests, type stubs, symbol tables, the wheels'
# copies of OpenBLAS and the Fortran runtime where Debian's serve) and compiles the bytecode of
# what the site, the worker and beat import; it fails the build if a library no longer loads.
RUN export SECRET_KEY=build-only-build-only-build-only-x ALLOWED_HOSTS=build \
      CACHE_URL=redis://build:6379/1 CELERY_BROKER_URL=redis://build:6379/0 \
 && python manage.py compilemessages -v0 \
 && python manage.py collectstatic --noinput -v0 \
 && python .ci/image_slim.py \
 && rm -r /app/.ci \
 && python -m compileall -q /app

FROM runtime
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PATH=/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=cameramap.settings.production STATIC_ROOT=/app/staticfiles
RUN useradd --system --uid 1000 --create-home --home-dir /home/cameramap --shell /usr/sbin/nologin cameramap \
 && mkdir -p /data/media /data/private && chown -R cameramap:cameramap /data
COPY --from=build /venv /venv
COPY --from=build /stdlib-bytecode/ /
COPY --from=build /app /app
WORKDIR /app
USER cameramap
EXPOSE 8000
# The access log leaves the client's address out (docs/privacy.md); docker-compose's web writes none.
CMD ["gunicorn", "cameramap.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-", "--access-logformat", "%(t)s \"%(m)s %(U)s %(H)s\" %(s)s %(b)s %(L)ss"]
