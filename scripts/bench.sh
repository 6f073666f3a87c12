#!/usr/bin/env bash
# Page-speed benchmark of the built site (not a test: the numbers vary from machine to machine).
#
#   bash scripts/bench.sh [--runs N] [--preset mobile|desktop] [PAGE ...]
#
# Serves _build/html with gzip (scripts/gzip_server.py), as a static host serves it, and runs
# Lighthouse (pinned in bench/package.json, installed here into bench/node_modules, never by
# the build or the tests) with the system Chromium on every page, mobile and desktop presets,
# median of 3 runs each. Writes _build/bench/results.md (a table per preset: score, FCP, LCP,
# TBT, CLS, bytes transferred, requests), results.json and the raw reports in _build/bench/raw/;
# then scripts/bench_figures.py adds what a reader who scrolls and moves sliders meets: bytes
# with every figure drawn, and the redraw time of a slider step, page by page and figure by
# figure (budget 100 ms).
# Build the site first: bash scripts/build.sh --html
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
say() { printf '\033[1m[msbook]\033[0m %s\n' "$*" >&2; }

command -v npm >/dev/null 2>&1 || { say "npm is missing: bash scripts/setup.sh installs it"; exit 1; }
export CHROME_PATH=${CHROME_PATH:-$(command -v chromium || echo /usr/bin/chromium)}
[ -x "$CHROME_PATH" ] || { say "Chromium is missing ($CHROME_PATH): bash scripts/setup.sh installs it"; exit 1; }
[ -f "$ROOT/_build/html/index.html" ] || { say "No built site: run bash scripts/build.sh --html first"; exit 1; }

want=$(cat "$ROOT/bench/package.json" "$ROOT/bench/package-lock.json" | sha256sum | cut -c1-16)
if [ "$(cat "$ROOT/bench/node_modules/.msbook-stamp" 2>/dev/null)" != "$want" ]; then
  say "Installing Lighthouse into bench/node_modules (npm ci)"
  (cd "$ROOT/bench" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$want" > "$ROOT/bench/node_modules/.msbook-stamp"
fi
say "Lighthouse on every page, mobile and desktop, with $CHROME_PATH (a few minutes)"
python3 "$ROOT/scripts/bench.py" "$@"
if [ -x "$ROOT/.venv/bin/python" ]; then
  say "Scrolling through every page and moving every slider (Playwright)"
  "$ROOT/.venv/bin/python" "$ROOT/scripts/bench_figures.py" --site "$ROOT/_build/html"
fi
say "Table: $ROOT/_build/bench/results.md"
