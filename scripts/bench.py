"""Lighthouse on every page of the built site; called by scripts/bench.sh (see there).

    python3 scripts/bench.py [--site DIR] [--out DIR] [--runs N] [--preset mobile|desktop ...] [PAGE ...]

Records the machine's load average at the start of every run (a busy machine lowers
the mobile scores). Serves DIR (default _build/html) with gzip (scripts/gzip_server.py), runs the pinned
Lighthouse from bench/node_modules with the system Chromium (CHROME_PATH) N times per page
and preset (a fresh browser profile each run, so every run is a first visit), and writes the
median of each metric to OUT/results.md (default _build/bench), with the raw reports in
OUT/raw/. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from gzip_server import serve  # noqa: E402

LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run --disable-extensions"
)


def pages(site: Path) -> list[str]:
    """Every HTML page a reader can open (not redirect stubs, not copies of sources)."""
    found = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("_", "bench")):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")[:4000].lower()
        if 'http-equiv="refresh"' in text and "<main" not in text:
            continue
        found.append(rel)
    return found


def run_lighthouse(url: str, preset: str, out: Path) -> dict:
    cmd = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
        "--only-categories=performance", f"--chrome-flags={CHROME_FLAGS}",
        "--max-wait-for-load=60000",
    ]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=300)
    return json.loads(out.read_text(encoding="utf-8"))


def metrics(report: dict) -> dict:
    audits = report["audits"]
    requests = audits.get("network-requests", {}).get("details", {}).get("items", [])
    if report.get("runtimeError"):
        raise RuntimeError(report["runtimeError"])
    return {
        "score": round(100 * (report["categories"]["performance"]["score"] or 0)),
        "fcp": audits["first-contentful-paint"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "requests": len(requests),
        # Lighthouse's own measure of how fast the machine ran during the test (higher is faster).
        "cpu_index": (report.get("environment") or {}).get("benchmarkIndex") or 0,
    }


def median(runs: list[dict]) -> dict:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def table(results: dict, presets: list[str]) -> str:
    lines = []
    for preset in presets:
        lines += [
            f"**{preset.capitalize()}** (Lighthouse {results['version']}, median of {results['runs']} runs)",
            "",
            "| Page | Score | FCP (s) | LCP (s) | TBT (ms) | CLS | Transferred (KB) | Requests | Load | CPU index |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for page, by_preset in results["pages"].items():
            m = by_preset[preset]
            lines.append(
                f"| {page} | {m['score']:.0f} | {m['fcp'] / 1000:.1f} | {m['lcp'] / 1000:.1f} | {m['tbt']:.0f} "
                f"| {m['cls']:.3f} | {m['bytes'] / 1024:.0f} | {m['requests']:.0f} | {m.get('load', 0):.1f} | {m.get('cpu_index', 0):.0f} |"
            )
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "bench")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--preset", action="append", choices=["mobile", "desktop"])
    parser.add_argument("page", nargs="*", help="pages relative to the site (default: every page)")
    args = parser.parse_args()
    presets = args.preset or ["mobile", "desktop"]
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run scripts/bench.sh, which installs it (npm ci in bench/)")
    if not (args.site / "index.html").exists():
        sys.exit(f"no site in {args.site}: build it first (bash scripts/build.sh --html)")
    version = json.loads((ROOT / "bench" / "node_modules" / "lighthouse" / "package.json").read_text())["version"]
    raw = args.out / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    server = serve(str(args.site))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    results = {"version": version, "runs": args.runs, "pages": {}, "cores": os.cpu_count()}
    loads: list[float] = []
    try:
        for page in args.page or pages(args.site):
            results["pages"][page] = {}
            for preset in presets:
                runs = []
                for i in range(args.runs):
                    out = raw / f"{page.replace('/', '_')}.{preset}.{i}.json"
                    start = time.time()
                    load = os.getloadavg()[0]
                    loads.append(load)
                    runs.append(dict(metrics(run_lighthouse(f"{base}/{page}", preset, out)), load=load))
                    print(f"{page} {preset} run {i + 1}: score {runs[-1]['score']} "
                          f"({time.time() - start:.0f} s)", file=sys.stderr, flush=True)
                results["pages"][page][preset] = median(runs)
    finally:
        server.shutdown()
    results["load"] = {"min": min(loads), "median": statistics.median(loads), "max": max(loads)} if loads else {}
    (args.out / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    load = results["load"]
    text = (
        f"Site: {args.site}, served with gzip by scripts/gzip_server.py. Chromium: "
        f"{os.environ.get('CHROME_PATH', '/usr/bin/chromium')}. Transferred = Lighthouse total-byte-weight "
        "(first visit, empty cache). Load = the machine's 1-minute load average as each run started "
        f"(median of the page's runs; {results['cores']} cores; over all runs {load.get('min', 0):.1f} to "
        f"{load.get('max', 0):.1f}, median {load.get('median', 0):.1f}): Lighthouse's mobile preset scales the "
        "main-thread time it measures, so a busy machine lowers the scores. CPU index = Lighthouse's benchmarkIndex "
        "(median; how fast this machine ran during the runs, higher is faster).\n\n" + table(results, presets)
    )
    (args.out / "results.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
