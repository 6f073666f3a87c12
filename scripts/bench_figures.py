"""What Lighthouse does not see: a reader who scrolls through a page and moves its sliders.

    .venv/bin/python scripts/bench_figures.py [--site DIR] [--out DIR] [--repeat N] [PAGE ...]
    (called by bench.sh)

For every page, in Chromium (Playwright, system Chromium) over the gzip server: the bytes a
first visit transfers at load and after scrolling every figure into view (so plotly.js and
every figure are drawn), and for every figure with a slider, whatever its page, the time to
redraw one slider step (median and worst over every step of every slider, from the step's
Plotly call to the next painted frame, and the main thread's CPU time for it; the budget is
100 ms). Appends two tables to OUT/results.md (default _build/bench): one row per page, and
one row per slider figure. PAGE arguments (paths relative to the site) limit the run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))
from bench import pages  # noqa: E402
from gzip_server import serve  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

STEPS = "id => (document.getElementById(id).layout.sliders || []).map(s => s.steps.length)"
#: One slider step as the slider applies it; resolves with the wall time to the next painted frame.
STEP = """async ([id, s, i]) => {
  const gd = document.getElementById(id), step = gd.layout.sliders[s].steps[i];
  const args = step.args || [], active = {};
  active[`sliders[${s}].active`] = i;
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  await frame();
  const t0 = performance.now();
  if (step.method === 'update') await Plotly.update(gd, args[0] || {}, Object.assign({}, args[1] || {}, active), args[2]);
  else if (step.method === 'restyle') await Plotly.restyle(gd, args[0] || {}, args[1]);
  else await Plotly.relayout(gd, Object.assign({}, args[0] || {}, active));
  await frame();
  return performance.now() - t0;
}"""


def step_times(page, cdp, div_id):
    """(wall ms, main-thread CPU ms) of every step of every slider of a figure.

    The CPU time (Chrome's ThreadTime) hardly depends on what else the machine is doing;
    the wall time does."""
    def thread_time():
        metrics = cdp.send("Performance.getMetrics")["metrics"]
        return next(m["value"] for m in metrics if m["name"] == "ThreadTime")

    times = []
    for s, count in enumerate(page.evaluate(STEPS, div_id)):
        for i in list(range(count)) + [0]:
            before = thread_time()
            wall = page.evaluate(STEP, [div_id, s, i])
            times.append((wall, (thread_time() - before) * 1000))
    return times


def summary(times: list[tuple[float, float]]) -> dict:
    """Step count, and median and worst wall and CPU time (ms) of a list of (wall, cpu) steps."""
    walls, cpus = [t[0] for t in times], [t[1] for t in times]
    return {
        "steps": len(times),
        "wall_median": statistics.median(walls) if times else None,
        "wall_max": max(walls) if times else None,
        "cpu_median": statistics.median(cpus) if times else None,
        "cpu_max": max(cpus) if times else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "bench")
    parser.add_argument("--repeat", type=int, default=1, help="go through every step this many times")
    parser.add_argument("pages", nargs="*", help="pages to measure (default: every page)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM, draw_all_figures

    server = serve(str(args.site))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    rows, figure_rows = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for name in args.pages or pages(args.site):
            ctx = browser.new_context(viewport={"width": 1280, "height": 900})
            page = ctx.new_page()
            sent = {"bytes": 0, "requests": 0}

            def finished(request, sent=sent):
                sizes = request.sizes()
                sent["bytes"] += sizes["responseBodySize"] + sizes["responseHeadersSize"]
                sent["requests"] += 1

            page.on("requestfinished", finished)
            page.goto(f"{base}/{name}", wait_until="load")
            page.wait_for_timeout(1000)
            at_load = dict(sent)
            ids = draw_all_figures(page) or page.evaluate(  # (pages built before lazy figures)
                "() => [...document.querySelectorAll('.js-plotly-plot')].map(e => e.id)")
            page.wait_for_timeout(500)
            cdp = ctx.new_cdp_session(page)
            cdp.send("Performance.enable")
            times = []
            for div_id in ids:
                own = []
                for _ in range(max(1, args.repeat)):
                    own += step_times(page, cdp, div_id)
                times += own
                if own:
                    figure_rows.append({"page": name, "figure": div_id, **summary(own)})
            rows.append({
                "page": name, "load_kb": at_load["bytes"] / 1024, "load_requests": at_load["requests"],
                "all_kb": sent["bytes"] / 1024, "figures": len(ids),
                **summary(times),
            })
            print(f"{name}: {rows[-1]}", file=sys.stderr, flush=True)
            ctx.close()
        browser.close()
    server.shutdown()
    lines = [
        "**Reading a page** (Chromium at 1280 px, gzip, no throttling): bytes transferred at load and "
        "after scrolling every figure into view; one slider step redrawn (budget 100 ms), from the "
        "step's Plotly call to the next painted frame (wall time, which a busy machine stretches) and "
        "the main thread's CPU time for it",
        "",
        "| Page | At load (KB) | Requests | All figures drawn (KB) | Figures | Slider steps "
        "| Step wall median / worst (ms) | Step CPU median / worst (ms) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        step = (f"{r['wall_median']:.0f} / {r['wall_max']:.0f} | {r['cpu_median']:.0f} / {r['cpu_max']:.0f}"
                if r["steps"] else "– | –")
        lines.append(f"| {r['page']} | {r['load_kb']:.0f} | {r['load_requests']} | {r['all_kb']:.0f} | "
                     f"{r['figures']} | {r['steps']} | {step} |")
    lines += [
        "",
        "**One slider step, figure by figure** (budget 100 ms; the same measurement, every step of "
        "every slider of each figure)",
        "",
        "| Page | Figure | Slider steps | Step wall median / worst (ms) | Step CPU median / worst (ms) |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for r in figure_rows:
        lines.append(f"| {r['page']} | {r['figure']} | {r['steps']} | {r['wall_median']:.0f} / {r['wall_max']:.0f} "
                     f"| {r['cpu_median']:.0f} / {r['cpu_max']:.0f} |")
    if not figure_rows:
        lines.append("| (no figure with a slider) | | | | |")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "figures.json").write_text(json.dumps({"pages": rows, "figures": figure_rows}, indent=1),
                                           encoding="utf-8")
    text = "\n".join(lines) + "\n"
    with open(args.out / "results.md", "a", encoding="utf-8") as handle:
        handle.write("\n" + text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
