# cameramap — the two commands. See README.md.
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.PHONY: run test compose-test backup restore

run:  ## install what is needed and serve the site with demo data (SpatiaLite + on-disk broker)
	.ci/bootstrap.sh run
	.venv/bin/python manage.py run_embedded

test:  ## install what is needed, start PostGIS and Redis, run the suite on both backends, then compose-test
	.ci/test.sh $(PYTEST_ARGS)

compose-test:  ## build the image, bring docker-compose.yml up (podman), check it as an operator, take it down
	.ci/compose-test.sh

backup:  ## database dump + media into var/backups/cameramap-<time>.tar.gz (BACKUP_DIR to change)
	.venv/bin/python manage.py backup $(if $(BACKUP_DIR),--directory "$(BACKUP_DIR)")

restore:  ## replace database + media with a backup: make restore BACKUP=var/backups/cameramap-….tar.gz
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=path/to/cameramap-….tar.gz" >&2; exit 2; }
	.venv/bin/python manage.py restore "$(BACKUP)"
