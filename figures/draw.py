"""Draw the book's static diagrams into figures/generated/ (SVG for the web, PNG for print).

Each ``figures/ch*.py`` module has a ``draw()`` that returns a plotly figure and a
``SIZE`` (width, height) in CSS pixels. A diagram is redrawn only when its
script or the book's style is newer than its output.

    python figures/draw.py            draw what is out of date
    python figures/draw.py --force    draw everything
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import plotly.io as pio

HERE = Path(__file__).resolve().parent
OUT = HERE / "generated"
sys.path.insert(0, str(HERE.parent))

from msbook import style  # noqa: E402
from msbook.figures import PNG_SCALE, _ensure_kaleido  # noqa: E402


def scripts() -> list[Path]:
    return sorted(HERE.glob("ch*.py"))


def load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def out_of_date(script: Path, outputs: list[Path]) -> bool:
    newest_input = max(script.stat().st_mtime, Path(style.__file__).stat().st_mtime)
    return any(not o.exists() or o.stat().st_mtime < newest_input for o in outputs)


def main(force: bool = False) -> int:
    OUT.mkdir(exist_ok=True)
    style.register_template()
    drawn = 0
    for script in scripts():
        name = script.stem.replace("_", "-")
        outputs = [OUT / f"{name}.svg", OUT / f"{name}.png"]
        if not force and not out_of_date(script, outputs):
            continue
        module = load(script)
        fig = module.draw()
        width, height = module.SIZE
        _ensure_kaleido()
        outputs[0].write_bytes(pio.to_image(fig, format="svg", width=width, height=height))
        outputs[1].write_bytes(
            pio.to_image(fig, format="png", width=width, height=height, scale=PNG_SCALE)
        )
        drawn += 1
        print(f"drew {name}")
    print(f"{drawn} diagram(s) drawn, {len(scripts()) - drawn} up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(force="--force" in sys.argv))
