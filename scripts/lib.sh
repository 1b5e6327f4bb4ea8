# Shared by scripts/demo and scripts/test: make this checkout ready to run. Safe to run again and again.
# shellcheck shell=bash

SAMMEN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
UV_VERSION="0.13.9"

say() { printf '\033[1m[sammen]\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31m[sammen]\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = "0" ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else return 1; fi
}

apt_install() {
  # Installs Debian packages when we may; otherwise says what to install.
  if command -v apt-get >/dev/null 2>&1; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >/dev/null 2>&1 \
      || { as_root apt-get update >/dev/null 2>&1 && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >/dev/null; } \
      || return 1
  else
    return 1
  fi
}

find_python() {
  # Django 6 needs Python 3.12 or newer. Look on PATH first, then in pyenv's and the usual install folders.
  local candidate
  for candidate in python3.13 python3.12 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
      command -v "$candidate"; return 0
    fi
  done
  for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.13*/bin/python3 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.12*/bin/python3 \
                   /usr/local/bin/python3.13 /usr/local/bin/python3.12 /usr/bin/python3.13 /usr/bin/python3.12; do
    if [ -x "$candidate" ] && "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

setup_checkout() {
  cd "$SAMMEN_ROOT"
  PYTHON="$(find_python)" || fail "sammen needs Python 3.12 or newer (python3.13 or python3.12), and none was found. Install one, e.g. 'apt-get install python3.13 python3.13-venv' or 'pyenv install 3.13', and run this again."
  say "Python: $PYTHON ($("$PYTHON" --version 2>&1))"

  if [ ! -x .tools/bin/uv ] || [ "$(.tools/bin/uv --version 2>/dev/null | cut -d' ' -f2)" != "$UV_VERSION" ]; then
    say "Installing the package manager uv $UV_VERSION into .tools/"
    rm -rf .tools
    "$PYTHON" -m venv .tools || fail "Could not create a virtual environment with $PYTHON (is the venv module installed? e.g. apt-get install python3.13-venv)."
    .tools/bin/python -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION" || fail "Could not install uv from PyPI."
  fi
  say "Installing Python dependencies from uv.lock into .venv/"
  UV_PYTHON="$PYTHON" UV_PROJECT_ENVIRONMENT="$SAMMEN_ROOT/.venv" .tools/bin/uv sync --frozen --quiet \
    || fail "Could not install the Python dependencies (uv sync --frozen)."

  if ! command -v npm >/dev/null 2>&1; then
    say "npm is missing; installing Node.js and npm"
    apt_install nodejs npm || fail "sammen needs Node.js and npm to install its front-end libraries. Install them (e.g. 'apt-get install nodejs npm') and run this again."
  fi
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "Installing front-end libraries from package-lock.json into node_modules/"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1 || fail "npm ci failed: could not install the front-end libraries."
  fi

  if ! command -v msgfmt >/dev/null 2>&1; then
    say "gettext is missing; installing it"
    apt_install gettext || fail "sammen needs GNU gettext (msgfmt) to compile its translations: install it (e.g. 'apt-get install gettext')."
  fi
  say "Compiling translations"
  .venv/bin/python manage.py compilemessages --ignore=.venv --ignore=.tools --ignore=node_modules -v0 \
    || fail "Could not compile the translations."
  mkdir -p var
}
