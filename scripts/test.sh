#!/usr/bin/env bash
# Build the book (HTML and PDFs), then run every test against the result.
#   bash scripts/test.sh [pytest options]
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
ensure_all
ensure_live   # the live-lab browser test (tests/test_live.py)
ensure_tools  # cffconvert and actionlint (tests/test_teaching.py)
cd "$ROOT"
bash "$ROOT/scripts/build.sh"
set +e
python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  say "pytest collected no tests: that is a failure"
  exit 1
fi
exit "$status"
