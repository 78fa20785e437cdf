# The two set-up commands of the README: `make serve` and `make test`.
#
# Everything Python goes into the project's virtual environment .venv, made from the system Python
# ($(PYTHON)); nothing is installed globally. Packages come from the hash-locked files
# requirements.lock (runtime) and requirements-dev.lock (tests), installed with --require-hashes,
# and only again when a lock file changes (stamp files in .venv). With nothing changed, no command
# here needs the network. `make lock` regenerates the lock files (scripts/lock_requirements.sh).
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
VENV_PYTHON := $(VENV)/bin/python
PIP_INSTALL := $(VENV_PYTHON) -m pip install --quiet --disable-pip-version-check --require-hashes
RUNTIME_STAMP := $(VENV)/.installed-runtime
DEV_STAMP := $(VENV)/.installed-dev
NODE_STAMP := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test build check install install-dev chromium lock

serve: install
	$(VENV_PYTHON) -m mkdocs serve -a 127.0.0.1:$(PORT)

test: chromium $(NODE_STAMP) install-dev
	$(VENV_PYTHON) -m pytest

build: install
	$(VENV_PYTHON) -m mkdocs build --strict

check: install
	$(VENV_PYTHON) -m portal check

install: $(RUNTIME_STAMP)

install-dev: $(DEV_STAMP)

lock:
	PYTHON="$(PYTHON)" scripts/lock_requirements.sh

$(VENV_PYTHON):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "Das Portal braucht Python 3.11 oder neuer als '$(PYTHON)'. Geben Sie ein anderes an," \
	       "z. B.: make $(MAKECMDGOALS) PYTHON=python3.11" >&2; exit 1; }
	@$(PYTHON) -m venv $(VENV) >/dev/null 2>&1 || { rm -rf $(VENV); \
	  echo "Die virtuelle Umgebung $(VENV) ließ sich nicht anlegen: Dem System-Python fehlt das Modul venv." >&2; \
	  echo "Installieren Sie es mit: sudo apt-get install python3-venv" >&2; exit 1; }
	@echo "Virtuelle Umgebung $(VENV) angelegt." >&2

# The project itself is installed editable without build isolation: setuptools comes from the lock
# file too, so this step needs no download and no unhashed package.
$(RUNTIME_STAMP): requirements.lock pyproject.toml | $(VENV_PYTHON)
	@echo "Installiere die Python-Pakete aus requirements.lock in $(VENV) ..." >&2
	$(PIP_INSTALL) -r requirements.lock
	$(VENV_PYTHON) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

$(DEV_STAMP): requirements-dev.lock $(RUNTIME_STAMP)
	@echo "Installiere die Test-Pakete aus requirements-dev.lock in $(VENV) ..." >&2
	$(PIP_INSTALL) -r requirements-dev.lock
	@touch $@

# The browser tests need Debian's Chromium and axe-core (npm). As root (CI) they are installed with
# apt-get; everyone else is told what to install, since only an administrator may do it.
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  $(call system_package,chromium)

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || $(call system_package,nodejs npm)
	npm ci --ignore-scripts --no-audit --no-fund --silent
	@touch $@

define system_package
{ if [ "$$(id -u)" = 0 ]; then \
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(1) >/dev/null; \
  else \
    echo "Für die Tests fehlt das Systempaket '$(1)'. Installieren Sie es mit:" >&2; \
    echo "  sudo apt-get install $(1)" >&2; \
    echo "und rufen Sie danach 'make test' noch einmal auf." >&2; exit 1; \
  fi; }
endef
