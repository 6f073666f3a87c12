"""Draw the book's static diagrams into figures/generated/ (SVG for the web, PNG for print).

Each ``figures/ch*.py`` module has a ``draw()`` that returns a plotly figure and a
``SIZE`` (width, height) in CSS pixels. A module may also have ``narrow()``, which
returns a portrait variant for phones and its size, ``(figure, (width, height))``:
it is written as ``<name>-narrow.svg``, and the book's Sphinx extension
(:mod:`msbook.diagrams`) shows it on screens up to 600 px wide. A diagram is
redrawn only when its script, the shared layout helpers or the book's style is
newer than its output.

Text sizes: the web page shows a diagram at the text column's width (about 672 px on a
desktop, 342 px on a phone) and the PDF at 16 cm (book/latex/msbook.sty), so the smallest
font must be at least ``MIN_FONT_PX`` at those widths (tests/test_figures.py checks it).

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
sys.path.insert(0, str(HERE))

#: Widths at which diagrams are shown: the desktop text column and a phone's (CSS px),
#: and the PDF's figure width (pt; 16 cm, see msbook.figures.PRINT_FIGURE_WIDTH_PT).
DESKTOP_COLUMN_PX, PHONE_COLUMN_PX, PRINT_TEXT_WIDTH_PT = 672, 342, 16 / 2.54 * 72
#: The smallest text allowed where a diagram is shown: 12 px on screen, 8 pt in print.
MIN_FONT_PX, MIN_FONT_PT = 12, 8

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
    # Shared drawing code: every figures/_*.py (layout helpers, parts shared by a chapter's diagrams).
    helpers = [Path(style.__file__), Path(__file__), *HERE.glob("_*.py")]
    newest_input = max([script.stat().st_mtime] + [h.stat().st_mtime for h in helpers])
    return any(not o.exists() or o.stat().st_mtime < newest_input for o in outputs)


def main(force: bool = False) -> int:
    OUT.mkdir(exist_ok=True)
    style.register_template()
    drawn = 0
    for script in scripts():
        name = script.stem.replace("_", "-")
        module = load(script)
        outputs = [OUT / f"{name}.svg", OUT / f"{name}.png"]
        narrow_svg = OUT / f"{name}-narrow.svg"
        if hasattr(module, "narrow"):
            outputs.append(narrow_svg)
        elif narrow_svg.exists():
            narrow_svg.unlink()
        if not force and not out_of_date(script, outputs):
            continue
        fig = module.draw()
        width, height = module.SIZE
        _ensure_kaleido()
        outputs[0].write_bytes(pio.to_image(fig, format="svg", width=width, height=height))
        outputs[1].write_bytes(
            pio.to_image(fig, format="png", width=width, height=height, scale=PNG_SCALE)
        )
        if hasattr(module, "narrow"):
            small, (w, h) = module.narrow()
            narrow_svg.write_bytes(pio.to_image(small, format="svg", width=w, height=h))
        drawn += 1
        print(f"drew {name}")
    # Drawings of a script that no longer exists (renamed or split) would still be served.
    expected = {f"{s.stem.replace('_', '-')}{end}" for s in scripts() for end in (".svg", ".png", "-narrow.svg")}
    for stale in sorted(p for p in OUT.iterdir() if p.is_file() and p.name not in expected):
        stale.unlink()
        print(f"removed {stale.name} (no script draws it)")
    print(f"{drawn} diagram(s) drawn, {len(scripts()) - drawn} up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(force="--force" in sys.argv))
