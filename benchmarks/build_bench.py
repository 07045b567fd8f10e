"""Time `actueel build` beside `hugo` building the same archive with equivalent layouts.

    python benchmarks/build_bench.py [--sizes 10000] [--runs 3] [--work benchmarks/.work]
                                     [--out report.md]

Archives come from bench.py's generator (the same ones, cached under the work folder). Every
run writes into an empty output folder (emptied outside the timing). Rows:
- `actueel build` with the index warm (a `list` ran before, as on an editor's machine) and
  cold (no index: every file parsed first);
- `hugo --quiet` with its caches and public/ deleted before each run (Hugo keeps no index of
  content between runs, so this is its usual build), on the layouts in hugo.py (BUILD_LAYOUTS).
Wall time around the child process and its own peak memory (ru_maxrss, os.wait4); medians.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import REPO, Archive, ensure_archive, run_once  # noqa: E402
from hugo import NOT_INSTALLED, hugo_build_site, hugo_executable  # noqa: E402

HERE = Path(__file__).resolve().parent
CLOCK = "2026-01-01"  # after every generated date: drafts aside, every article is live


Row = tuple[str, list[float], int, int]  # label, seconds of each run, peak KiB, files written


def time_actueel(archive: Archive, scratch: Path, runs: int, timeout: float, cold: bool) -> Row:
    """`actueel build` into an empty folder; with the index warm, or with none (`cold`)."""
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(REPO / "src"),
        "ACTUEEL_CACHE_DIR": str(scratch / "cache"),
    }
    out = scratch / "public"
    actueel = [sys.executable, "-m", "actueel_cli", "--dir", str(archive.articles)]
    build = [*actueel, "--clock", CLOCK, "build", "--out", str(out), "--keep-going",
             "--base-url", "https://actueel.example.nl/"]  # fmt: skip
    times, peak = [], 0
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        if cold:
            shutil.rmtree(scratch / "cache", ignore_errors=True)
        else:  # the index as `list` leaves it
            run_once([*actueel, "list", "--format", "plain"], env, scratch, timeout)
        run = run_once(build, env, scratch, timeout)
        if run.returncode != 0:
            raise SystemExit(f"actueel build failed: {run.stderr[-500:]}")
        times.append(run.seconds)
        peak = max(peak, run.maxrss_kib)
    label = f"actueel build ({'no index' if cold else 'index warm'})"
    return label, times, peak, count_files(out)


def time_hugo(archive: Archive, work: Path, runs: int, timeout: float) -> Row | None:
    """`hugo --quiet` with public/, resources/ and its cache deleted before each run."""
    site = hugo_build_site(archive.articles, work / "hugo-build" / archive.key)
    if site is None:
        return None
    hugo = [hugo_executable() or "hugo", "--quiet", "--source", str(site)]
    times, peak = [], 0
    for _ in range(runs):
        for folder in ("public", "resources", ".cache"):
            shutil.rmtree(site / folder, ignore_errors=True)
        run = run_once(hugo, {"PATH": "/usr/bin:/bin"}, site, timeout)
        if run.returncode != 0:
            raise SystemExit(f"hugo failed: {run.stderr[-500:]}")
        times.append(run.seconds)
        peak = max(peak, run.maxrss_kib)
    return "hugo --quiet (equivalent layouts)", times, peak, count_files(site / "public")


def count_files(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000", help="comma-separated counts")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=HERE / ".work")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--out", type=Path, help="also write the Markdown report here")
    args = parser.parse_args(argv)
    work = args.work.resolve()
    lines = [
        f"# `actueel build` beside `hugo` ({args.runs} runs, medians)",
        "",
        "| articles | command | median s | min s | max s | peak MB | files written |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for size in (int(s) for s in args.sizes.split(",")):
        archive = ensure_archive(work, size, "yaml", False, 1)
        scratch = work / "build" / archive.key
        scratch.mkdir(parents=True, exist_ok=True)
        rows = [
            time_actueel(archive, scratch, args.runs, args.timeout, cold=False),
            time_actueel(archive, scratch, args.runs, args.timeout, cold=True),
        ]
        hugo = time_hugo(archive, work, args.runs, args.timeout)
        if hugo is None:
            lines.append(f"| {size:,} | {NOT_INSTALLED} | | | | | |")
        else:
            rows.append(hugo)
        for label, times, peak, files in rows:
            print(f"[{size}] {label}: {statistics.median(times):.2f} s", file=sys.stderr)
            lines.append(
                f"| {size:,} | {label} | {statistics.median(times):.2f} | {min(times):.2f} | "
                f"{max(times):.2f} | {peak / 1024:,.0f} | {files:,} |"
            )
    report = "\n".join(lines) + "\n"
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
