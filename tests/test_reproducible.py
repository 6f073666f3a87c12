"""Two clean builds give the same notebook outputs: each chapter is executed twice in fresh
kernels, as the build does, and every output (text, HTML, PNG, widget state) must match."""

import copy
import json
import re

import nbformat
import pytest
from myst_nb.core.read import read_myst_markdown_notebook
from nbclient import NotebookClient

from conftest import ROOT, numbered_chapters
from msbook.figures import BUILD_ENV

MEMORY_ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{6,}\b")
TIMESTAMP = re.compile(r"\b20\d\d-\d\d-\d\d[T ]\d\d:\d\d|\b\d\d:\d\d:\d\d\b")


def execute(docname: str) -> nbformat.NotebookNode:
    path = ROOT / f"{docname}.md"
    nb = read_myst_markdown_notebook(path.read_text(encoding="utf-8"))
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", store_widget_state=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return nb


def outputs(nb) -> dict:
    cells = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            out = copy.deepcopy(dict(output))
            out.pop("execution_count", None)
            cells.append(out)
    return {"outputs": cells, "widgets": nb.metadata.get("widgets", {})}


@pytest.mark.parametrize("docname", numbered_chapters())
def test_two_executions_give_identical_outputs(monkeypatch, docname):
    monkeypatch.setenv(BUILD_ENV, "1")
    first, second = outputs(execute(docname)), outputs(execute(docname))
    text_first, text_second = json.dumps(first, sort_keys=True), json.dumps(second, sort_keys=True)
    if text_first != text_second:
        diffs = [
            f"output {i}: {sorted(a.get('data', {a.get('name', '?'): 1}))}"
            for i, (a, b) in enumerate(zip(first["outputs"], second["outputs"])) if a != b
        ]
        if first["widgets"] != second["widgets"]:
            diffs.append("widget state")
        pytest.fail(f"{docname}: outputs differ between two executions: {diffs}")
    visible = json.dumps([o for o in first["outputs"] if o.get("output_type") == "stream"]) + json.dumps(
        [o.get("data", {}).get("text/plain", "") for o in first["outputs"]]
    )
    assert not MEMORY_ADDRESS.search(visible), f"{docname}: a memory address in the outputs"
    assert not TIMESTAMP.search(visible), f"{docname}: a timestamp in the outputs"
