#!/usr/bin/env bash
# Build the book: the HTML site (warnings are errors), the whole-book PDF and one PDF per
# chapter. Installs what is missing first (see scripts/setup.sh).
#
#   bash scripts/build.sh            HTML and all PDFs
#   bash scripts/build.sh --html     HTML only
#
# Outputs: _build/html/index.html, _build/pdf/book.pdf, _build/pdf/chapters/*.pdf,
#          _build/pdf/instructor/book-instructor.pdf
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
ensure_all
cd "$ROOT"

html_only=false
[ "${1:-}" = "--html" ] && html_only=true
BUILD=${MSBOOK_BUILD_DIR:-$ROOT/_build}
LOG=$BUILD/logs
mkdir -p "$LOG"

# Executed notebooks are cached by their content only, and Sphinx re-reads only pages whose
# source changed. A change to the package (models, figures, data) must re-execute every
# notebook, so then both the notebook cache and Sphinx's saved environment are dropped.
hash_of() {  # hash_of PATH...: one hash of the content of the given files and folders
  find "$@" -type f -not -path '*/__pycache__/*' -not -path '*/generated/*' -not -name '*.pyc' \
    | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16
}
pkg_hash=$(hash_of msbook figures)
if [ "$(cat "$BUILD/.package-hash" 2>/dev/null)" != "$pkg_hash" ]; then
  [ -d "$BUILD/.jupyter_cache" ] && say "The package changed since the last build: re-executing all notebooks"
  rm -rf "$BUILD/.jupyter_cache" "$BUILD/.doctrees"
fi

run_step() {  # run_step NAME LOGFILE COMMAND...: run, keep the log, explain a failure
  local name=$1 log=$2; shift 2
  local start=$SECONDS
  if ! "$@" > "$log" 2>&1; then
    say "FAILED: $name (log: $log)"
    # Name the chapter whose notebook failed, if that is what happened.
    python "$ROOT/scripts/explain_failure.py" "$log" >&2 || tail -n 40 "$log" >&2
    exit 1
  fi
  say "$name: done in $((SECONDS - start)) s"
}

run_step "diagrams" "$LOG/figures.log" python figures/draw.py
run_step "HTML" "$LOG/html.log" jupyter-book build . --path-output "$BUILD/.." -W --keep-going
echo "$pkg_hash" > "$BUILD/.package-hash"
say "Site: $BUILD/html/index.html"
$html_only && exit 0

# The site serves the student PDFs from _build/html/pdf/ (the pages link them: msbook/site.py).
# Only the student edition: the instructor edition is never copied into the site.
publish_pdfs() {
  rm -rf "$BUILD/html/pdf"
  mkdir -p "$BUILD/html/pdf/chapters"
  cp "$BUILD/pdf/book.pdf" "$BUILD/html/pdf/book.pdf"
  cp "$BUILD/pdf/chapters/"*.pdf "$BUILD/html/pdf/chapters/"
  say "PDFs published in the site: $BUILD/html/pdf/"
}

mkdir -p "$BUILD/pdf/chapters" "$BUILD/pdf/instructor"
# The LaTeX runs take most of a rebuild: skip them when none of their inputs changed.
pdf_hash=$(hash_of book msbook figures scripts _config.yml _toc.yml requirements.txt)
if [ "$(cat "$BUILD/pdf/.inputs-hash" 2>/dev/null)" = "$pdf_hash" ] \
   && [ -f "$BUILD/pdf/book.pdf" ] && [ -f "$BUILD/pdf/instructor/book-instructor.pdf" ]; then
  say "PDFs are up to date: $BUILD/pdf/"
  publish_pdfs
  exit 0
fi
rm -f "$BUILD/pdf/.inputs-hash"
run_step "whole-book PDF" "$LOG/pdf.log" jupyter-book build . --path-output "$BUILD/.." --builder pdflatex
cp "$BUILD/latex/book.pdf" "$BUILD/pdf/book.pdf"
# The LaTeX log, for the tests that read what TeX reported (overfull lines in tables and text).
cp "$BUILD/latex/book.log" "$BUILD/pdf/book.log"
run_step "chapter PDFs" "$LOG/pdf-chapters.log" python scripts/split_pdf.py "$BUILD/pdf/book.pdf" "$BUILD/pdf/chapters"
# The instructor edition adds the answers to the review questions ({only} instructor blocks).
MSBOOK_EDITION=instructor run_step "instructor edition PDF" "$LOG/pdf-instructor.log" \
  jupyter-book build . --path-output "$BUILD/.." --builder pdflatex
cp "$BUILD/latex/book.pdf" "$BUILD/pdf/instructor/book-instructor.pdf"
say "PDFs: $BUILD/pdf/book.pdf, one per chapter in $BUILD/pdf/chapters/,"
say "      instructor edition (with answer keys) in $BUILD/pdf/instructor/"
echo "$pdf_hash" > "$BUILD/pdf/.inputs-hash"
publish_pdfs
