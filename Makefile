# Set-up and everyday commands. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
NGINX := /usr/sbin/nginx
POSTGRES := /usr/lib/postgresql/15/bin/postgres

.PHONY: run test lint typecheck pytest serve site check ny-utbildning import lock browser nginx postgresql clean

$(STAMP): pyproject.toml requirements.lock Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

# Build the site (when mkdocs.yml exists) and start one service for site and API on
# http://127.0.0.1:8000, with its database and secret key under var/.
run: $(STAMP) site
	$(BIN)/python -m progress_service serve --host 127.0.0.1 --port 8000 --db var/omsorg.db

site: $(STAMP)
	@if [ -f mkdocs.yml ]; then $(BIN)/mkdocs build --quiet --strict; else echo "Ingen mkdocs.yml ännu: inget att bygga."; fi

# Live preview for editors: rebuilds when content changes.
serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8001

check: $(STAMP)
	$(BIN)/python -m catalogue check

# For editors: scaffold one training by answering questions, or import a spreadsheet.
ny-utbildning: $(STAMP)
	$(BIN)/python -m catalogue new

import: $(STAMP)
	@[ -n "$(FIL)" ] || (echo "Ange filen: make import FIL=kurser.xlsx" && exit 2)
	$(BIN)/python -m catalogue import "$(FIL)"

test: $(STAMP) browser nginx postgresql lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

# Browser tests drive Debian's Chromium; install it when missing (never a browser download), and
# Debian's zbar to read QR codes.
browser:
	@[ -x $(CHROMIUM) ] || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	@# zbarimg decodes the slips' QR codes in the tests.
	@command -v zbarimg >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zbar-tools)

# The test behind a reverse proxy runs Debian's nginx with the README's configuration; install it
# when missing (only the binary is used: the test starts its own nginx on free loopback ports).
nginx:
	@[ -x $(NGINX) ] || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light)

# The service's tests run on SQLite and on Debian's PostgreSQL 15; install it when missing (the
# tests start their own server in a temporary folder on a free loopback port, as the postgres user
# the package makes when they run as root).
postgresql:
	@[ -x $(POSTGRES) ] || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15)

# Re-pin the whole dependency tree after changing pyproject.toml.
lock:
	rm -rf /tmp/omsorg-lock && $(PYTHON) -m venv /tmp/omsorg-lock
	/tmp/omsorg-lock/bin/pip install --quiet '.[dev]'
	/tmp/omsorg-lock/bin/pip freeze --exclude omsorgskatalogen > requirements.lock

clean:
	rm -rf $(VENV) site var .pytest_cache .mypy_cache .ruff_cache
