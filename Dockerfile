# One image for web, worker and beat (see docker-compose.yml).
FROM debian:12-slim
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 DJANGO_SETTINGS_MODULE=cameramap.settings.production
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      python3 python3-venv python3-dev gcc gettext gdal-bin libgdal32 libgeos-c1v5 libproj25 libsqlite3-mod-spatialite \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN /usr/bin/python3 -m venv /venv && /venv/bin/pip install --no-cache-dir -r requirements.txt
ENV PATH=/venv/bin:$PATH
COPY . .
# Build-time only values, so production settings load; the real ones come from the environment.
RUN export SECRET_KEY=build-only-build-only-build-only-x ALLOWED_HOSTS=build CACHE_URL=redis://build:6379/1 \
 && python manage.py compilemessages -v0 --ignore=/venv && python manage.py collectstatic --noinput
RUN useradd --system --uid 1000 cameramap && mkdir -p /data/media /data/private && chown -R cameramap /data
USER cameramap
EXPOSE 8000
CMD ["gunicorn", "cameramap.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-", "--access-logformat", "%(t)s \"%(r)s\" %(s)s %(b)s %(L)ss"]
