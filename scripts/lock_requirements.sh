#!/usr/bin/env bash
# Regenerates the hash-locked requirement files from the pinned direct requirements:
#   requirements.txt      -> requirements.lock      (runtime: build and serve the portal)
#   requirements-dev.txt  -> requirements-dev.lock  (runtime + tests)
# Every package, direct or transitive, is pinned to one version with the hashes of its files on PyPI,
# so `pip install --require-hashes -r requirements*.lock` installs exactly these files (Makefile, CI).
#
# Run after changing requirements.txt or requirements-dev.txt:  make lock
# Needs Python 3.11 (the version CI uses) and access to pypi.org. pip-tools is installed, pinned,
# into a throwaway virtual environment; nothing is installed globally or into .venv.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
PIP_TOOLS_VERSION="7.7.0"
PIP_VERSION="26.3"

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
    echo "Die Lock-Dateien entstehen mit Python 3.11, wie im CI. Geben Sie es an, z. B.:" >&2
    echo "  make lock PYTHON=python3.11" >&2
    exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/portal-lock.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Resolve against PyPI only: no local pip configuration, wheel folders or constraints of this machine.
export PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS="" PIP_EXTRA_INDEX_URL="" PIP_CONSTRAINT=""
export PIP_INDEX_URL="https://pypi.org/simple" PIP_DISABLE_PIP_VERSION_CHECK=1

"$PYTHON" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "pip==$PIP_VERSION" "pip-tools==$PIP_TOOLS_VERSION"

compile() {  # compile <input> <output>
    CUSTOM_COMPILE_COMMAND="make lock" "$work/venv/bin/pip-compile" --quiet --generate-hashes --allow-unsafe \
        --strip-extras --no-emit-index-url --no-emit-find-links --resolver=backtracking \
        --cache-dir "$work/cache" --rebuild --output-file "$2" "$1"
}

rm -f requirements.lock requirements-dev.lock   # resolve afresh, never keep an old pin by accident
compile requirements.txt requirements.lock
compile requirements-dev.txt requirements-dev.lock
echo "requirements.lock und requirements-dev.lock neu erzeugt." >&2
