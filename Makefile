# The two set-up commands of the README: `make serve` and `make test`. Each installs what it needs.
PYTHON ?= python3
PIP = $(PYTHON) -m pip install --quiet --disable-pip-version-check

.PHONY: serve test build check install install-dev

install:
	$(PIP) -r requirements.txt
	$(PIP) --no-deps -e .

install-dev: install
	$(PIP) -r requirements-dev.txt
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	npm ci --ignore-scripts --no-audit --no-fund --silent

serve: install
	NO_MKDOCS_2_WARNING=1 $(PYTHON) -m mkdocs serve

build: install
	NO_MKDOCS_2_WARNING=1 $(PYTHON) -m mkdocs build --strict

check: install
	$(PYTHON) -m portal check

test: install-dev
	$(PYTHON) -m pytest
