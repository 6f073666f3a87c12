#!/usr/bin/env bash
# Publish the site's notebooks and the package's wheel to the repository's notebook branch.
#
#   bash scripts/publish_notebooks.sh [--dry-run]
#
# Colab opens notebooks only from GitHub paths, and the repository holds the chapters as MyST
# Markdown. So the Pages workflow (.github/workflows/pages.yml) runs this after the build: it
# copies _build/html/notebooks/ (one notebook per chapter, without answers, whose first cell
# installs the package, and the package's wheel), exactly as the site serves it, into a
# one-commit branch (msbook.notebooks.NOTEBOOK_BRANCH) and force-pushes it, replacing the
# previous one. The Colab launch buttons open the notebooks there (msbook/teaching.py).
# Needs git, GITHUB_REPOSITORY (owner/name) and TOKEN (a token that may push, the workflow's
# own). --dry-run makes the commit in a temporary folder, lists it and pushes nothing.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
say() { printf '\033[1m[msbook]\033[0m %s\n' "$*" >&2; }
DRY=0
[ "${1:-}" = "--dry-run" ] && DRY=1

PY="$ROOT/.venv/bin/python"
[ -x "$PY" ] || { say "No .venv: run bash scripts/build.sh first"; exit 1; }
BRANCH=$("$PY" -c "from msbook.notebooks import NOTEBOOK_BRANCH; print(NOTEBOOK_BRANCH)")
SRC="$ROOT/_build/html/$("$PY" -c "from msbook.notebooks import NOTEBOOK_DIR; print(NOTEBOOK_DIR)")"
compgen -G "$SRC/*.ipynb" >/dev/null || { say "No notebooks in $SRC: run bash scripts/build.sh first"; exit 1; }
if ! command -v git >/dev/null 2>&1; then
  say "Installing git"
  apt-get update -qq && apt-get install -y -qq --no-install-recommends git ca-certificates >/dev/null
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp -a "$SRC"/. "$WORK"/
cat > "$WORK/README.md" <<TEXT
# The book's notebooks, as published

Built by the Pages workflow from commit ${GITHUB_SHA:-(local build)} of the main branch, and
replaced on every publication: do not edit here. The chapters' sources are the MyST Markdown
files under book/ on the main branch. Each notebook's first cell installs the book's package
(the wheel in this branch) when it is missing, so a notebook opened in Colab runs as it is.
TEXT
cd "$WORK"
git init -q -b "$BRANCH"
git add -A
git -c user.name="github-actions[bot]" -c user.email="41898282+github-actions[bot]@users.noreply.github.com" \
  commit -q -m "Notebooks of ${GITHUB_SHA:-a local build}"
if [ "$DRY" = 1 ]; then
  say "Dry run: branch $BRANCH would hold:"
  git ls-tree --name-only HEAD
  exit 0
fi
: "${GITHUB_REPOSITORY:?GITHUB_REPOSITORY (owner/name) is not set}"
: "${TOKEN:?TOKEN (a token that may push) is not set}"
SERVER=${GITHUB_SERVER_URL:-https://github.com}
git push -q --force "${SERVER%%://*}://x-access-token:${TOKEN}@${SERVER#*://}/${GITHUB_REPOSITORY}.git" "HEAD:refs/heads/$BRANCH"
say "Published the notebooks to branch $BRANCH"
