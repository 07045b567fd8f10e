"""Time `actueel build` beside `hugo` building the same archive with equivalent layouts: a full
build, and rebuilds after nothing, one body or one title changed.

    python benchmarks/build_bench.py [--sizes 10000] [--runs 3] [--hugo-up-to 10000]
                                     [--work benchmarks/.work] [--out report.md]
                                     [--output-in /dev/shm]

Archives come from bench.py's generator (the same ones, cached under the work folder); before
every full build (both tools) the last one's output is deleted and the disk synced. The full
builds of the two tools alternate (actueel, hugo, actueel, hugo...): on a disk whose speed at
making files depends on how many were deleted in the minutes before (this project's build
machine: 13 to 167 us a folder), neither tool gets the better moments. `--output-in DIR` puts
both tools' sites in DIR (e.g. /dev/shm, a memory file system), to time the code without the
disk. Rows,
medians of `--runs` runs, wall time around the child process and its peak memory (ru_maxrss
from os.wait4: the largest of the process and the worker processes it forked):
- `actueel build`, full: into an empty folder, the index warm (a `list` ran before, as on an
  editor's machine), and with no index (every file parsed first);
- rebuilds into that folder: nothing changed; one article's first paragraph edited (its page,
  the feed and the lists its summary is on); one article's title changed (its page, both
  neighbours, the index page and its tag pages, the feed). The article is one in the middle
  of the archive; after each timed run its file is put back and the site rebuilt, untimed;
- `hugo --quiet` with its caches and public/ deleted before each run (Hugo keeps nothing
  between runs, so this is its usual build), on the layouts in hugo.py (BUILD_LAYOUTS); only
  up to `--hugo-up-to` articles (it needs some 150 KB of memory an article).
Then the issue's targets, as ratios to hugo's time and memory in the same run; a target in
seconds is scaled by hugo's time when this machine is slower than the one that measured 13.6 s.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import REPO, Archive, ensure_archive, run_once  # noqa: E402
from hugo import NOT_INSTALLED, hugo_build_site, hugo_executable  # noqa: E402

HERE = Path(__file__).resolve().parent
CLOCK = "2026-01-01"  # after every generated date: drafts aside, every article is live
HUGO_REFERENCE = 13.6  # seconds: hugo on the machine the targets were set on


@dataclass
class Row:
    label: str
    times: list[float]
    peak_kib: int
    files: str  # written (of all, for a rebuild)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


class Actueel:
    """`actueel` on one archive, with its own cache and output folder."""

    def __init__(
        self, archive: Archive, scratch: Path, timeout: float, output_in: Path | None
    ) -> None:
        self.archive = archive
        self.scratch = scratch
        self.timeout = timeout
        self.out = (output_in or scratch) / "actueel-public"
        self.env = {
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(REPO / "src"),
            "ACTUEEL_CACHE_DIR": str(scratch / "cache"),
        }
        self.base = [sys.executable, "-m", "actueel_cli", "--dir", str(archive.articles)]

    def build(self) -> tuple[float, int, str]:
        """One build: seconds, peak KiB, files written (of all)."""
        command = [*self.base, "--clock", CLOCK, "build", "--out", str(self.out),
                   "--keep-going", "--base-url", "https://actueel.example.nl/"]  # fmt: skip
        run = run_once(command, self.env, self.scratch, self.timeout)
        if run.returncode != 0:
            raise SystemExit(f"actueel build failed: {run.stderr[-500:]}")
        found = re.search(r"^([\d,]+) of ([\d,]+) files? written", run.stderr, re.M)
        files = f"{found.group(1)} of {found.group(2)}" if found else "?"
        return run.seconds, run.maxrss_kib, files

    def warm_index(self) -> None:
        run_once([*self.base, "list", "--format", "plain"], self.env, self.scratch, self.timeout)

    def full(self, runs: int, cold: bool, between: Callable[[], None] = lambda: None) -> Row:
        """Full builds into an empty folder; `between` runs after each (hugo's build)."""
        times, peak, files = [], 0, ""
        for _ in range(runs):
            shutil.rmtree(self.out, ignore_errors=True)
            if cold:
                shutil.rmtree(self.scratch / "cache", ignore_errors=True)
            else:
                self.warm_index()
            settle()
            seconds, kib, files = self.build()
            times.append(seconds)
            peak = max(peak, kib)
            between()
        label = f"actueel build, full ({'no index' if cold else 'index warm'})"
        return Row(label, times, peak, files.split(" of ")[0])

    def rebuild(self, runs: int, label: str, edit: Callable[[str, int], str] | None) -> Row:
        """Rebuilds after `edit` (the text of one article and the run's number -> its new
        text), the article put back and the site rebuilt after each, untimed."""
        path = middle_article(self.archive.articles)
        original = path.read_bytes()
        times, peak, files = [], 0, ""
        try:
            for number in range(runs):
                if edit is not None:
                    path.write_text(edit(original.decode("utf-8"), number), encoding="utf-8")
                seconds, kib, files = self.build()
                times.append(seconds)
                peak = max(peak, kib)
                if edit is not None:
                    path.write_bytes(original)
                    self.build()
        finally:
            path.write_bytes(original)
        return Row(label, times, peak, files)


def settle() -> None:
    """Let the file system finish deleting the last site (12,000 files) before a build is
    timed: otherwise that work lands in the next timing, of whichever tool comes next."""
    os.sync()
    time.sleep(1.0)


def middle_article(folder: Path) -> Path:
    """An article in the middle of the archive that is not a draft (its page is built)."""
    files = sorted(folder.glob("*.md"))
    for path in files[len(files) // 2 :]:
        if "\ndraft: true" not in path.read_text(encoding="utf-8"):
            return path
    raise SystemExit("no live article in the archive")


def edit_body(text: str, number: int) -> str:
    """The first paragraph changed: the page, and the summary the lists and feed show."""
    return text.replace("\n---\n\n", f"\n---\n\nBewerkt ({number}): ", 1)


def edit_title(text: str, number: int) -> str:
    return re.sub(r"^title: .*$", f'title: "Een andere titel ({number})"', text, count=1,
                  flags=re.M)  # fmt: skip


class Hugo:
    """`hugo --quiet` on one archive, with public/, resources/ and its cache deleted before
    each run (Hugo keeps nothing between runs, so this is its usual build)."""

    def __init__(self, site: Path, timeout: float, output_in: Path | None) -> None:
        self.site = site
        self.timeout = timeout
        self.out = (output_in or site) / "hugo-public"
        self.times: list[float] = []
        self.peak = 0

    def build(self) -> None:
        shutil.rmtree(self.out, ignore_errors=True)
        for folder in ("resources", ".cache"):
            shutil.rmtree(self.site / folder, ignore_errors=True)
        settle()
        command = [hugo_executable() or "hugo", "--quiet", "--source", str(self.site),
                   "--destination", str(self.out)]  # fmt: skip
        run = run_once(command, {"PATH": "/usr/bin:/bin"}, self.site, self.timeout)
        if run.returncode != 0:
            raise SystemExit(f"hugo failed: {run.stderr[-500:]}")
        self.times.append(run.seconds)
        self.peak = max(self.peak, run.maxrss_kib)

    def row(self) -> Row:
        files = sum(1 for p in self.out.rglob("*") if p.is_file())
        return Row("hugo --quiet (equivalent layouts)", self.times, self.peak, f"{files:,}")


def targets(rows: dict[str, Row], hugo: Row) -> list[str]:
    """The issue's targets against this run's figures."""
    scale = max(1.0, hugo.median / HUGO_REFERENCE)
    full = rows["full"]
    checks = [
        ("full build <= 0.3 x hugo's", full.median / hugo.median, 0.3, "x"),
        ("peak memory <= 0.15 x hugo's", full.peak_kib / hugo.peak_kib, 0.15, "x"),
        ("rebuild, nothing changed <= 0.5 s", rows["nothing"].median, 0.5 * scale, "s"),
        ("rebuild, one body edited <= 1 s", rows["body"].median, 1.0 * scale, "s"),
        ("rebuild, one title changed <= 2 s", rows["title"].median, 2.0 * scale, "s"),
    ]
    lines = [
        "",
        f"Targets (seconds scaled by {scale:.2f}: hugo took {hugo.median:.2f} s here, "
        f"{HUGO_REFERENCE} s on the reference machine):",
        "",
        "| target | this run | met |",
        "|---|---:|---|",
    ]
    for name, value, limit, unit in checks:
        shown = f"{value:.2f} {unit}" if unit == "s" else f"{value:.3f} x"
        lines.append(f"| {name} | {shown} | {'yes' if value <= limit else 'no'} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000", help="comma-separated counts")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--hugo-up-to", type=int, default=10000, help="no hugo above this")
    parser.add_argument("--work", type=Path, default=HERE / ".work")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--out", type=Path, help="also write the Markdown report here")
    parser.add_argument(
        "--output-in", type=Path, help="build both sites in this folder (e.g. /dev/shm)"
    )
    args = parser.parse_args(argv)
    import compileall

    compileall.compile_dir(REPO / "src", quiet=1)  # as an installed copy has them
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
        output_in = (
            args.output_in.resolve() / f"build-bench-{archive.key}" if args.output_in else None
        )
        actueel = Actueel(archive, scratch, args.timeout, output_in)
        site = (
            hugo_build_site(archive.articles, work / "hugo-build" / archive.key)
            if size <= args.hugo_up_to
            else None
        )
        hugo_runs = Hugo(site, args.timeout, output_in) if site is not None else None
        rows = {"cold": actueel.full(args.runs, cold=True)}
        # the warm full builds alternate with hugo's; the last leaves the site for the rebuilds
        between = hugo_runs.build if hugo_runs is not None else lambda: None
        rows["full"] = actueel.full(args.runs, cold=False, between=between)
        actueel.build()  # (the articles' files settled: nothing changed from here)
        rows["nothing"] = actueel.rebuild(args.runs, "rebuild, nothing changed", None)
        rows["body"] = actueel.rebuild(args.runs, "rebuild, one body edited", edit_body)
        rows["title"] = actueel.rebuild(args.runs, "rebuild, one title changed", edit_title)
        hugo = hugo_runs.row() if hugo_runs is not None else None
        if output_in is not None:
            shutil.rmtree(output_in, ignore_errors=True)
        table = [rows[k] for k in ("full", "cold", "nothing", "body", "title")]
        if hugo is not None:
            table.append(hugo)
        elif size <= args.hugo_up_to:
            lines.append(f"| {size:,} | {NOT_INSTALLED} | | | | | |")
        for row in table:
            print(f"[{size}] {row.label}: {row.median:.2f} s", file=sys.stderr)
            lines.append(
                f"| {size:,} | {row.label} | {row.median:.2f} | {min(row.times):.2f} | "
                f"{max(row.times):.2f} | {row.peak_kib / 1024:,.0f} | {row.files} |"
            )
        if hugo is not None:
            lines += targets(rows, hugo)
            lines.append("")
    report = "\n".join(lines) + "\n"
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
