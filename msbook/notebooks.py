"""Notebooks a student can download: one clean .ipynb per chapter, and the package's wheel.

Registered from :func:`msbook.sphinxext.setup`. After an HTML build (``build-finished``):

* every numbered chapter's MyST source (``book/chNN-*.md``) becomes
  ``notebooks/<file>.ipynb`` in the site (Jupytext), without outputs, and without the
  ``{only} instructor`` blocks (answer keys), which are cut from its Markdown cells;
* the package is built into ``notebooks/msbook-<version>-py3-none-any.whl`` (the version
  in pyproject.toml), so that the site itself serves what the notebooks import;
* each notebook starts with a code cell that installs that wheel when ``msbook`` is
  missing. A downloaded notebook no longer knows where it came from (pip cannot resolve
  a URL relative to the notebook), so the cell installs from the site's address
  (``html: baseurl:`` in _config.yml, which the Pages workflow sets) once it is set,
  else from the repository's notebook branch (below) once ``repository: url:`` is set;
  until then it installs the wheel from the notebook's own folder if the student
  downloaded it there, and otherwise stops with a message that says what to download.

:mod:`msbook.site` links each chapter's notebook beside its PDF.

Colab opens notebooks only from GitHub paths (``/github/OWNER/REPO/blob/BRANCH/PATH``),
and the repository holds MyST Markdown, not notebooks. So the Pages workflow
(``.github/workflows/pages.yml``) also publishes this folder, the notebooks and the
wheel exactly as the site serves them, to the branch :data:`NOTEBOOK_BRANCH` of the
repository (replaced on every publication), and :func:`colab_link` points the Colab
launch button at the chapter's notebook there (:mod:`msbook.teaching`).
"""

from __future__ import annotations

import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Where the notebooks and the wheel are served, relative to the site's root.
NOTEBOOK_DIR = "notebooks"
#: The branch of the repository that holds the published notebooks and the wheel (at its
#: root), for Colab; written by the Pages workflow.
NOTEBOOK_BRANCH = "notebooks"
#: Packages the book's package and the chapters' code import at run time (``myst_nb.glue``
#: for numbers quoted in the text); pip skips those already installed.
RUNTIME_PACKAGES = ("numpy", "scipy", "plotly", "ipywidgets", "myst-nb", "neuron", "statsmodels", "lifelines")

#: A colon-fenced ``{only} instructor`` block, closed by a fence of the same length.
_INSTRUCTOR = re.compile(r"^(:{3,})\{only\}[ \t]+instructor[ \t]*\n.*?^\1[ \t]*(?:\n|\Z)", re.M | re.S)
_INSTRUCTOR_TICKS = re.compile(r"^(`{3,})\{only\}[ \t]+instructor[ \t]*\n.*?^\1[ \t]*(?:\n|\Z)", re.M | re.S)


def chapter_notebook(docname: str) -> str:
    """Site path of a chapter's notebook (named after its source file, like its PDF)."""
    return f"{NOTEBOOK_DIR}/{posixpath.basename(docname)}.ipynb"


def wheel_name(version: str) -> str:
    return f"msbook-{version}-py3-none-any.whl"


def github_repo(repository_url: str) -> tuple[str, str] | None:
    """``(owner, name)`` of a GitHub repository address, or None for another address."""
    match = re.match(r"^https?://(?:www\.)?github\.com/([^/\s]+)/([^/\s#?]+?)(?:\.git)?/?$",
                     (repository_url or "").strip())
    return (match.group(1), match.group(2)) if match else None


def colab_link(colab_url: str, repository_url: str, docname: str) -> str:
    """Colab's address of a chapter's published notebook (empty if the repository is not on GitHub).

    Colab reads the notebook from the repository's :data:`NOTEBOOK_BRANCH`, where the Pages
    workflow publishes the site's ``notebooks/`` folder.
    """
    repo = github_repo(repository_url)
    if not repo or not colab_url:
        return ""
    name = posixpath.basename(chapter_notebook(docname))
    return f"{colab_url.rstrip('/')}/github/{repo[0]}/{repo[1]}/blob/{NOTEBOOK_BRANCH}/{name}"


def branch_wheel_url(repository_url: str, version: str) -> str:
    """The wheel's download address in the repository's notebook branch (empty if not on GitHub)."""
    repo = github_repo(repository_url)
    if not repo:
        return ""
    return f"https://raw.githubusercontent.com/{repo[0]}/{repo[1]}/{NOTEBOOK_BRANCH}/{wheel_name(version)}"


#: Print-only wording (CONTRIBUTING, "Add an interactive figure"): ``{only} latex`` blocks and
#: ``{print}`...``` text are cut from the notebook, ``{web}`...``` text is kept as plain text.
_PRINT_ONLY = re.compile(r"^([:`]{3,})\{only\}[ \t]+latex[ \t]*\n.*?^\1[ \t]*(?:\n|\Z)", re.M | re.S)
_PRINT_ROLE = re.compile(r" ?\{print\}(`+)(.+?)\1")
_WEB_ROLE = re.compile(r"\{web\}(`+)(.+?)\1")


def strip_instructor(text: str) -> str:
    """Markdown without its ``{only} instructor`` blocks, and with the web's wording only."""
    text = _INSTRUCTOR_TICKS.sub("", _INSTRUCTOR.sub("", text))
    text = _PRINT_ROLE.sub("", _PRINT_ONLY.sub("", text))
    return _WEB_ROLE.sub(lambda m: m.group(2), text)


def install_cell_source(version: str, baseurl: str = "", repository_url: str = "") -> str:
    """The first cell of every notebook: install the book's package if it is missing.

    From the site (``baseurl``) if its address is known, else from the repository's
    notebook branch (``repository_url``, on GitHub), else from the notebook's folder."""
    wheel = wheel_name(version)
    extras = " ".join(RUNTIME_PACKAGES)
    lines = [
        f"# Installs the book's package (msbook {version}) if this environment does not have it.",
        "try:",
        "    import msbook",
        "except ImportError:",
    ]
    url = f"{baseurl.rstrip('/')}/{NOTEBOOK_DIR}/{wheel}" if baseurl else branch_wheel_url(repository_url, version)
    if url:
        lines.append(f'    %pip install --quiet "{url}" {extras}')
    else:
        lines += [
            "    from pathlib import Path",
            f'    if Path("{wheel}").exists():',
            f'        %pip install --quiet "{wheel}" {extras}',
            "    else:",
            "        raise ImportError(",
            f'            "This notebook needs the book\'s package, msbook. Download {wheel} "',
            f'            "from the book\'s site ({NOTEBOOK_DIR}/{wheel}, the folder this notebook "',
            '            "came from) into the folder of this notebook, then run this cell again."',
            "        )",
        ]
    return "\n".join(lines)


def chapter_to_notebook(source: Path, version: str, baseurl: str = "", repository_url: str = ""):
    """A clean notebook (nbformat 4, no outputs, no answers) from a chapter's MyST source."""
    import jupytext
    import nbformat

    notebook = jupytext.reads(source.read_text(encoding="utf-8"), fmt="myst")
    notebook.metadata.pop("jupytext", None)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = strip_instructor(cell.source)
        elif cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    notebook.cells = [c for c in notebook.cells if c.cell_type == "code" or c.source.strip()]
    install = nbformat.v4.new_code_cell(install_cell_source(version, baseurl, repository_url))
    install.metadata["tags"] = ["install-msbook"]
    notebook.cells.insert(0, install)
    notebook = nbformat.v4.upgrade(notebook) if notebook.nbformat < 4 else notebook
    nbformat.validate(notebook)
    return notebook


def build_wheel(root: Path, dest: Path) -> Path:
    """Build the package's wheel into ``dest`` from a copy of it (the source tree stays clean)."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "src"
        work.mkdir()
        shutil.copy2(root / "pyproject.toml", work / "pyproject.toml")
        shutil.copytree(root / "msbook", work / "msbook", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dest), str(work)]
        try:
            import setuptools  # noqa: F401  (present: build offline, without an isolated env)

            command.insert(4, "--no-build-isolation")
        except ImportError:
            pass
        subprocess.run(command, check=True, capture_output=True, text=True)
    return dest


def _write_notebooks(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    import nbformat

    from msbook.book import numbered_chapters
    from msbook.teaching import book_version

    root = Path(app.confdir)
    version = book_version(root)
    baseurl = app.config.html_baseurl or ""
    options = app.config.html_theme_options if isinstance(app.config.html_theme_options, dict) else {}
    repository_url = str(options.get("repository_url") or "")
    out = Path(app.outdir) / NOTEBOOK_DIR
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for docname in numbered_chapters(root):
        source = Path(app.env.doc2path(docname))
        notebook = chapter_to_notebook(source, version, baseurl, repository_url)
        nbformat.write(notebook, str(Path(app.outdir) / chapter_notebook(docname)))
    try:
        build_wheel(root, out)
    except subprocess.CalledProcessError as error:
        logger.warning("could not build the package's wheel for the notebooks: %s", error.stderr[-2000:])
    if not (out / wheel_name(version)).is_file():
        logger.warning("the site has no %s for the notebooks to install", wheel_name(version))


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", _write_notebooks)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
