#!/usr/bin/env bash
# Run the chapters live in JupyterLab: one command.
#
#   bash scripts/live.sh [--port N] [extra jupyter lab options]
#
# Installs what is missing first: the Python environment (.venv, as scripts/build.sh does),
# then JupyterLab, Jupytext and jupyterlab-myst from requirements-live.txt. Chapters
# (book/ch*.md, MyST Markdown) open as notebooks with a double-click; use Run > Run All Cells.
# JupyterLab listens on this computer only (127.0.0.1) and prints the address to open.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
ensure_live
export PATH="$VENV/bin:$PATH"
cd "$ROOT"

port=${MSBOOK_LIVE_PORT:-8888}
if [ "${1:-}" = "--port" ]; then port=$2; shift 2; fi
extra=()
# JupyterLab refuses to run as root unless told (as in a container); it is safe on 127.0.0.1.
[ "$(id -u)" -eq 0 ] && extra+=(--allow-root)

say "Starting JupyterLab on http://127.0.0.1:$port/ (stop it with Ctrl+C)"
say "Open book/ch01-immune-army.md, then Run > Run All Cells"
exec "$VENV/bin/jupyter" lab --no-browser --ip=127.0.0.1 --port="$port" \
  --ServerApp.root_dir="$ROOT" --ServerApp.default_url=/lab/tree/book "${extra[@]}" "$@"
