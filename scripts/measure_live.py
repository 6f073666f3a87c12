"""Measure what one student's live chapter costs a server: peak memory and CPU time of its kernel.

    .venv/bin/python scripts/measure_live.py [book/ch01-immune-army ...]

For each chapter (default: every numbered chapter) this starts a fresh Python kernel, runs all
of its cells as a student does in JupyterLab (live mode, not a book build), then redraws each
explorer's chart ten times, as a student moving sliders would. A thread samples the kernel
process's resident memory (RSS, with its child processes) every 50 ms. It prints one line per
chapter: peak RSS in MiB, kernel CPU seconds, and wall-clock seconds. The instructor guide's
"Teaching at scale" section quotes these numbers.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import jupytext
import nbformat
import psutil
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from msbook.book import numbered_chapters  # noqa: E402

#: Redraws each explorer as a student would by moving its sliders (live_version sizes the chart).
REDRAW = """
import gc
from msbook.live import live_version
for _name, _obj in list(globals().items()):
    if _name.endswith("_explorer") and callable(_obj):
        _ex = live_version(_obj())
        _controls = list(_ex.sliders.values())
        for _i in range(10):
            _c = _controls[_i % len(_controls)]
            if type(_c).__name__ == "Checkbox":
                _c.value = not _c.value
            else:
                _c.value = _c.min + (_c.max - _c.min) * ((_i * 37) % 100) / 100
                if type(_c).__name__ == "FloatLogSlider":
                    _c.value = _c.base ** (_c.min + (_c.max - _c.min) * ((_i * 37) % 100) / 100)
gc.collect()
"""


def tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def measure(docname: str) -> tuple[float, float, float]:
    nb = jupytext.read(ROOT / f"{docname}.md")
    nb.cells.append(nbformat.v4.new_code_cell(REDRAW))
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT / "book")}})
    peak = 0
    start = time.monotonic()
    with client.setup_kernel():
        proc = psutil.Process(client.km.provisioner.process.pid)
        stop = threading.Event()

        def sample():
            nonlocal peak
            while not stop.is_set():
                peak = max(peak, tree_rss(proc))
                time.sleep(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                client.execute_cell(cell, index)
        stop.set()
        sampler.join()
        times = proc.cpu_times()
        cpu = times.user + times.system
    return peak / 2**20, cpu, time.monotonic() - start


def main(argv: list[str]) -> int:
    os.environ.pop("MSBOOK_BUILD", None)  # as a student runs it: live, no PNG export
    for docname in argv or numbered_chapters():
        rss, cpu, wall = measure(docname)
        print(f"{docname}: peak RSS {rss:.0f} MiB, kernel CPU {cpu:.1f} s, wall {wall:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
