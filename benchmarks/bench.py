"""Time `actueel` commands (and `hugo list all`) on generated archives; report against targets.

    python benchmarks/bench.py [--sizes 1000,10000,50000] [--runs 5] [--only SUBSTRING]
                               [--format yaml|toml] [--by-year] [--out report.md]
                               [--work benchmarks/.work] [--actueel-cmd "python -m actueel_cli"]

Archives are generated once per (count, format, layout) under the work folder and reused.
Each command runs as a child process; wall time is measured around it and its peak memory
is the child's own ru_maxrss from os.wait4. "cold" deletes the command's index cache folder
(ACTUEEL_CACHE_DIR) before every run; "warm" does one untimed run first. Commands that change
the archive run on a fresh copy (copied outside the timing).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hugo import NOT_INSTALLED, hugo_cache_dirs, hugo_command, hugo_executable, hugo_site  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GENERATOR = HERE / "generate.py"
NEW_TITLE = "Een nieuw artikel"
TTY_ENV = {"TTY_COMPATIBLE": "1", "COLUMNS": "100"}

# --- archives ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Archive:
    key: str
    root: Path  # holds articles/ and manifest.json
    manifest: dict

    @property
    def articles(self) -> Path:
        return self.root / "articles"

    @property
    def count(self) -> int:
        return int(self.manifest["count"])

    @property
    def common_tag(self) -> str:
        return next(iter(self.manifest["tag_counts"]))

    @property
    def rename_tag(self) -> str:
        """The tag used by the number of articles closest to 100."""
        counts: dict[str, int] = self.manifest["tag_counts"]
        return min(counts, key=lambda tag: (abs(counts[tag] - 100), tag))

    @property
    def new_tag(self) -> str:
        taken = self.manifest["tag_counts"]
        name = f"{self.rename_tag}-nieuw"
        while name in taken:
            name += "-x"
        return name

    @property
    def middle_slug(self) -> str:
        """A published article from the middle of the archive by date."""
        slugs: list[str] = self.manifest["slugs_by_date"]
        drafts = set(self.manifest.get("draft_slugs", ()))
        middle = len(slugs) // 2
        return next((s for s in slugs[middle:] if s not in drafts), slugs[middle])

    @property
    def rare_word(self) -> str:
        return str(self.manifest["rare_word"])


def archive_key(count: int, fmt: str, by_year: bool, seed: int) -> str:
    return f"{fmt}-{'by-year' if by_year else 'flat'}-{count}-s{seed}"


def ensure_archive(work: Path, count: int, fmt: str, by_year: bool, seed: int) -> Archive:
    """The cached archive, generated first if missing; manifest.json marks a complete one."""
    key = archive_key(count, fmt, by_year, seed)
    root = work / "archives" / key
    manifest_path = root / "manifest.json"
    if not manifest_path.exists():
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        partial = root / "manifest.partial"
        command = [sys.executable, str(GENERATOR), "--count", str(count), "--seed", str(seed)]
        command += ["--out", str(root / "articles"), "--format", fmt, "--manifest", str(partial)]
        if by_year:
            command.append("--by-year")
        subprocess.run(command, check=True)
        partial.rename(manifest_path)
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    return Archive(key, root, manifest)


# --- running one child process -----------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    seconds: float
    maxrss_kib: int
    returncode: int
    stderr: str


def run_once(argv: Sequence[str], env: dict[str, str], cwd: Path, timeout: float) -> Run:
    """Run argv with output discarded; wall time and the child's own peak RSS (os.wait4)."""
    with open(os.devnull, "wb") as devnull, (cwd / ".bench-stderr").open("w+b") as err:
        started = time.perf_counter()
        try:
            proc = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=devnull, stderr=err, env=env, cwd=cwd
            )
        except OSError as error:
            return Run(0.0, 0, 127, f"cannot start {argv[0]}: {error}")
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        killer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return Run(seconds, usage.ru_maxrss, proc.returncode, stderr)


# --- what to time ------------------------------------------------------------------------------


@dataclass
class Context:
    """Everything a command needs for one archive."""

    archive: Archive
    work: Path
    actueel: list[str]
    runs: int
    timeout: float
    hugo_site: Path | None = None

    @property
    def cache_dir(self) -> Path:
        return self.work / "cache" / self.archive.key

    @property
    def scratch(self) -> Path:
        return self.work / "scratch" / self.archive.key

    def actueel_env(self, cache_dir: Path, tty: bool) -> dict[str, str]:
        env = dict(os.environ)
        for name in ("TTY_COMPATIBLE", "FORCE_COLOR", "COLUMNS"):
            env.pop(name, None)
        src = str(REPO / "src")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
        env["ACTUEEL_CACHE_DIR"] = str(cache_dir)
        env["EDITOR"] = env["VISUAL"] = "true"  # never wait for an editor
        if tty:
            env.update(TTY_ENV)
        return env

    def actueel_argv(self, articles: Path, args: Sequence[str]) -> list[str]:
        return [*self.actueel, "--dir", str(articles), *args]


@dataclass
class Result:
    key: str
    label: str
    runs: list[Run] = field(default_factory=list)
    is_hugo: bool = False

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.returncode == 0 for r in self.runs)

    @property
    def times(self) -> list[float]:
        return [r.seconds for r in self.runs]

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def peak_mb(self) -> float:
        return max(r.maxrss_kib for r in self.runs) / 1024

    def failure(self) -> str | None:
        bad = next((r for r in self.runs if r.returncode != 0), None)
        if bad is None:
            return None
        return f"exit {bad.returncode}: {last_message(bad.stderr)}"


ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
BOX = "│╭╮╰╯─┃┏┓┗┛━ \t"


def last_message(stderr: str) -> str:
    """The last line of stderr that says something: colours and Rich box borders dropped."""
    for line in reversed(ANSI.sub("", stderr).splitlines()):
        text = line.strip(BOX)
        if any(c.isalnum() for c in text):
            return text.replace("|", "\\|")[:200]
    return "(no message on stderr)"


@dataclass(frozen=True)
class Spec:
    key: str
    label: Callable[[Archive], str]
    args: Callable[[Archive], list[str]]
    mode: str  # "warm", "cold", "copy" (fresh copy each run, warmed), "new"
    tty: bool = False
    hugo_ref: str | None = None  # "hugo-warm" / "hugo-cold": show the ratio to that median


SPECS: list[Spec] = [
    Spec(
        "list-plain-warm",
        lambda a: "list --format plain (warm)",
        lambda a: ["list", "--format", "plain"],
        "warm",
        hugo_ref="hugo-warm",
    ),
    Spec(
        "list-plain-cold",
        lambda a: "list --format plain (cold)",
        lambda a: ["list", "--format", "plain"],
        "cold",
        hugo_ref="hugo-cold",
    ),
    Spec(
        "list-tag",
        lambda a: f"list --tag {a.common_tag} --limit 20 (tty, warm)",
        lambda a: ["list", "--tag", a.common_tag, "--limit", "20"],
        "warm",
        tty=True,
    ),
    Spec(
        "search",
        lambda a: f"list --search {a.rare_word} --format plain (warm)",
        lambda a: ["list", "--search", a.rare_word, "--format", "plain"],
        "warm",
    ),
    *(
        Spec(
            name,
            lambda a, name=name: f"{name} <middle slug> (tty, warm)",
            lambda a, name=name: [name, a.middle_slug],
            "warm",
            tty=True,
        )
        for name in ("show", "next", "prev")
    ),
    Spec(
        "tag-rename",
        lambda a: (
            f"tag rename {a.rename_tag} {a.new_tag} "
            f"({a.manifest['tag_counts'][a.rename_tag]} articles, copy, warm)"
        ),
        lambda a: ["tag", "rename", a.rename_tag, a.new_tag],
        "copy",
    ),
    Spec("new", lambda a: f'new "{NEW_TITLE}" (copy, warm)', lambda a: ["new", NEW_TITLE], "new"),
    Spec("help", lambda a: "--help", lambda a: ["--help"], "warm"),
]
HUGO_KEYS = ("hugo-cold", "hugo-warm")


def list_files(folder: Path) -> set[str]:
    return {
        os.path.join(os.path.relpath(top, folder), name)
        for top, _, names in os.walk(folder)
        for name in names
    }


# How long a copied file stays too fresh for the index to vouch for it (store.sync.fresh: twice
# the coarsest resolution of its stamps, two seconds): a warm-up right after the copy would leave
# every file to be read again by the timed command, which then measured a cold run.
SETTLE_S = 4.1


def fresh_copy(ctx: Context) -> tuple[Path, Path]:
    """A copy of the archive with an empty cache folder, both under the scratch folder, old
    enough (SETTLE_S, waited here, outside any timing) for a warm-up to leave the index warm."""
    shutil.rmtree(ctx.scratch, ignore_errors=True)
    articles, cache = ctx.scratch / "articles", ctx.scratch / "cache"
    shutil.copytree(ctx.archive.articles, articles)
    cache.mkdir(parents=True)
    time.sleep(SETTLE_S)
    return articles, cache


def warm_up(ctx: Context, articles: Path, cache: Path) -> None:
    """Build the index with an untimed `list` so that the next command finds it warm."""
    argv = ctx.actueel_argv(articles, ["list", "--format", "plain"])
    run_once(argv, ctx.actueel_env(cache, tty=False), ctx.scratch, ctx.timeout)


def time_actueel(ctx: Context, spec: Spec) -> Result:
    archive = ctx.archive
    result = Result(spec.key, spec.label(archive))
    args = spec.args(archive)
    if spec.mode in ("warm", "cold"):
        argv = ctx.actueel_argv(archive.articles, args)
        env = ctx.actueel_env(ctx.cache_dir, spec.tty)
        if spec.mode == "warm":
            ctx.cache_dir.mkdir(parents=True, exist_ok=True)
            run_once(argv, env, archive.root, ctx.timeout)
        for _ in range(ctx.runs):
            if spec.mode == "cold":
                shutil.rmtree(ctx.cache_dir, ignore_errors=True)
                ctx.cache_dir.mkdir(parents=True)
            result.runs.append(run_once(argv, env, archive.root, ctx.timeout))
    elif spec.mode == "copy":
        for _ in range(ctx.runs):
            articles, cache = fresh_copy(ctx)
            warm_up(ctx, articles, cache)
            argv = ctx.actueel_argv(articles, args)
            env = ctx.actueel_env(cache, spec.tty)
            result.runs.append(run_once(argv, env, ctx.scratch, ctx.timeout))
    else:  # "new": one copy; the created file is deleted and the index re-warmed between runs
        articles, cache = fresh_copy(ctx)
        argv = ctx.actueel_argv(articles, args)
        env = ctx.actueel_env(cache, spec.tty)
        for _ in range(ctx.runs):
            warm_up(ctx, articles, cache)
            before = list_files(articles)
            result.runs.append(run_once(argv, env, ctx.scratch, ctx.timeout))
            for created in list_files(articles) - before:
                (articles / created).unlink()
    shutil.rmtree(ctx.scratch, ignore_errors=True)
    return result


def time_hugo(ctx: Context, key: str) -> Result:
    assert ctx.hugo_site is not None
    result = Result(key, f"hugo list all ({key.removeprefix('hugo-')})", is_hugo=True)
    argv, env = hugo_command(ctx.hugo_site), dict(os.environ)
    if key == "hugo-warm":
        run_once(argv, env, ctx.hugo_site, ctx.timeout)
    for _ in range(ctx.runs):
        if key == "hugo-cold":
            for folder in hugo_cache_dirs(ctx.hugo_site):
                shutil.rmtree(folder, ignore_errors=True)
        result.runs.append(run_once(argv, env, ctx.hugo_site, ctx.timeout))
    return result


# A placeholder archive, to match --only against labels before any archive exists.
DUMMY = Archive(
    "dummy",
    Path("."),
    {
        "count": 0,
        "rare_word": "WORD",
        "tag_counts": {"TAG": 100},
        "slugs_by_date": ["SLUG"],
    },
)


def selected_specs(only: str | None) -> tuple[list[Spec], list[str]]:
    """The actueel commands and hugo rows to run; hugo runs when a selected row compares to it."""
    if not only:
        return list(SPECS), list(HUGO_KEYS)
    specs = [s for s in SPECS if only in s.key or only in s.label(DUMMY)]
    hugo = [k for k in HUGO_KEYS if only in k or only in f"hugo list all ({k[5:]})"]
    hugo += [s.hugo_ref for s in specs if s.hugo_ref and s.hugo_ref not in hugo]
    return specs, sorted(hugo)


def bench_size(ctx: Context, specs: list[Spec], hugo_keys: list[str]) -> list[Result]:
    results: list[Result] = []
    size = ctx.archive.count
    if hugo_keys and hugo_executable() is not None:
        ctx.hugo_site = hugo_site(ctx.archive.articles, ctx.work / "hugo" / ctx.archive.key)
    for key in hugo_keys if ctx.hugo_site else []:
        results.append(progress(size, time_hugo(ctx, key)))
    for spec in specs:
        results.append(progress(size, time_actueel(ctx, spec)))
    return results


def progress(size: int, result: Result) -> Result:
    if result.ok:
        line = f"median {result.median:.3f}s, peak {result.peak_mb:.0f} MB"
    else:
        line = f"FAILED ({result.failure()})"
    print(f"[{size}] {result.label}: {line}", file=sys.stderr)
    return result


# --- report ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    text: str
    size: int
    key: str  # a Spec key, or "*" for "any actueel command"
    limit: float
    kind: str = "seconds"  # "seconds", "hugo" (limit x hugo median), "peak-mb"
    hugo_key: str = ""


TARGETS = [
    Target(
        "list --format plain, warm <= 0.25 x hugo",
        10000,
        "list-plain-warm",
        0.25,
        "hugo",
        "hugo-warm",
    ),
    Target(
        "list --format plain, cold <= 1.0 x hugo",
        10000,
        "list-plain-cold",
        1.0,
        "hugo",
        "hugo-cold",
    ),
    Target("list --tag T --limit 20 (tty), warm <= 0.3 s", 10000, "list-tag", 0.3),
    Target("list --search WORD --format plain, warm <= 0.3 s", 10000, "search", 0.3),
    Target("show SLUG, warm <= 0.3 s", 10000, "show", 0.3),
    Target("next SLUG, warm <= 0.3 s", 10000, "next", 0.3),
    Target("prev SLUG, warm <= 0.3 s", 10000, "prev", 0.3),
    Target("tag rename A B (~100 articles), warm <= 1 s", 10000, "tag-rename", 1.0),
    Target("new TITLE <= 0.3 s", 10000, "new", 0.3),
    Target("--help <= 0.2 s", 10000, "help", 0.2),
    Target("50,000: list --format plain, warm <= 0.8 s", 50000, "list-plain-warm", 0.8),
    Target("50,000: list --format plain, cold <= 5 s", 50000, "list-plain-cold", 5.0),
    Target("50,000: peak memory, any command <= 150 MB", 50000, "*", 150.0, "peak-mb"),
]


def ratio(result: Result, by_key: dict[str, Result], ref: str | None) -> str:
    hugo = by_key.get(ref or "")
    if not (ref and hugo and hugo.ok and result.ok):
        return ""
    return f"{result.median / hugo.median:.2f}"


def size_table(size: int, archive: Archive, results: list[Result]) -> str:
    by_key = {r.key: r for r in results}
    refs = {s.key: s.hugo_ref for s in SPECS}
    lines = [
        f"## {size:,} articles ({archive.key})",
        "",
        f"Most common tag `{archive.common_tag}` "
        f"({archive.manifest['tag_counts'][archive.common_tag]} articles); "
        f"`{archive.rare_word}` in {len(archive.manifest['rare_articles'])} articles; "
        f"middle slug `{archive.middle_slug}`.",
        "",
        "| command | median s | min s | max s | peak MB | x hugo |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if not r.ok:
            lines.append(f"| {r.label} | FAILED: {r.failure()} | | | | |")
            continue
        times = r.times
        lines.append(
            f"| {r.label} | {r.median:.3f} | {min(times):.3f} | {max(times):.3f} "
            f"| {r.peak_mb:.0f} | {ratio(r, by_key, refs.get(r.key))} |"
        )
    return "\n".join(lines)


# What `hugo list all` took on 10,000 articles on the machine the targets were set on (the
# issue): a target in seconds is also judged scaled by how much slower this machine runs hugo.
REFERENCE_HUGO_10K = 1.2


def machine_factor(results: dict[int, list[Result]]) -> float | None:
    """This machine's `hugo list all` (warm, 10,000) over the reference machine's."""
    hugo = {r.key: r for r in results.get(10000, [])}.get("hugo-warm")
    return hugo.median / REFERENCE_HUGO_10K if hugo is not None and hugo.ok else None


def judge(
    target: Target, results: dict[int, list[Result]], factor: float | None = None
) -> tuple[str, str]:
    """(measured, verdict) for one target; a target in seconds also scaled by `factor`."""
    if target.size not in results:
        return "", "not measured"
    by_key = {r.key: r for r in results[target.size]}
    if target.kind == "peak-mb":
        ours = [r for r in results[target.size] if not r.is_hugo and r.runs]
        if not ours:
            return "", "not measured"
        worst = max(ours, key=lambda r: r.peak_mb)
        return f"{worst.peak_mb:.0f} MB ({worst.key})", pass_fail(worst.peak_mb <= target.limit)
    result = by_key.get(target.key)
    if result is None:
        return "", "not measured"
    if not result.ok:
        return "", f"FAIL ({result.failure()})"
    if target.kind == "hugo":
        hugo = by_key.get(target.hugo_key)
        if hugo is None or not hugo.ok:
            return f"{result.median:.3f} s", "n/a (no hugo)"
        limit = target.limit * hugo.median
        measured = f"{result.median:.3f} s vs {limit:.3f} s"
        return measured, pass_fail(result.median <= limit)
    verdict = pass_fail(result.median <= target.limit)
    if factor is not None:
        scaled = target.limit * factor
        verdict += f"; scaled to {scaled:.2f} s: {pass_fail(result.median <= scaled)}"
    return f"{result.median:.3f} s", verdict


def pass_fail(ok: bool) -> str:
    return "pass" if ok else "FAIL"


def targets_table(results: dict[int, list[Result]]) -> str:
    factor = machine_factor(results)
    lines = ["## Targets (medians)", ""]
    if factor is not None:
        lines += [
            f"This machine ran `hugo list all` on 10,000 articles in "
            f"{factor * REFERENCE_HUGO_10K:.2f} s; the machine the targets were set on, in "
            f"{REFERENCE_HUGO_10K} s: {factor:.2f} times slower. A target in seconds is judged as "
            "set, then scaled by that factor.",
            "",
        ]
    lines += ["| target | measured | result |", "|---|---:|---|"]
    for target in TARGETS:
        measured, verdict = judge(target, results, factor)
        lines.append(f"| {target.text} | {measured} | {verdict} |")
    return "\n".join(lines)


# --- main --------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="comma-separated counts")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command")
    parser.add_argument("--only", help="run only commands whose key or label holds this")
    parser.add_argument("--format", choices=("yaml", "toml"), default="yaml")
    parser.add_argument("--by-year", action="store_true", help="archives in YYYY/ folders")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="also write the Markdown report here")
    parser.add_argument("--work", type=Path, default=HERE / ".work", help="cache folder")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per run")
    parser.add_argument(
        "--actueel-cmd",
        help="command to run instead of `python -m actueel_cli` (e.g. a stand-in for testing)",
    )
    args = parser.parse_args(argv)
    try:
        args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error("--sizes takes comma-separated whole numbers, e.g. 1000,10000")
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def compile_sources() -> None:
    """Byte-compile actueel's own modules, as an installed package has them. Run from source with
    PYTHONDONTWRITEBYTECODE set (as on some machines), every run would compile them again."""
    import compileall

    compileall.compile_dir(REPO / "src", quiet=1)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    compile_sources()
    work: Path = args.work.resolve()
    default = [sys.executable, "-m", "actueel_cli"]
    actueel = shlex.split(args.actueel_cmd) if args.actueel_cmd else default
    specs, hugo_keys = selected_specs(args.only)
    if hugo_keys and hugo_executable() is None:
        print(NOT_INSTALLED, file=sys.stderr)
    results: dict[int, list[Result]] = {}
    sections: list[str] = [f"# actueel benchmark ({args.format}, {args.runs} runs)"]
    for size in args.sizes:
        archive = ensure_archive(work, size, args.format, args.by_year, args.seed)
        ctx = Context(archive, work, actueel, args.runs, args.timeout)
        results[size] = bench_size(ctx, specs, hugo_keys)
        sections.append(size_table(size, archive, results[size]))
    if hugo_keys and hugo_executable() is None:
        sections.append(NOT_INSTALLED)
    sections.append(targets_table(results))
    report = "\n\n".join(sections) + "\n"
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
