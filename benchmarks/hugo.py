"""Point `hugo list all` at a generated archive in place, for comparison benchmarks.

Hugo needs a site folder; the smallest that works is one `config.toml` whose `contentDir` is the
archive's absolute path (Hugo 0.111 accepts absolute paths; sub-folders such as `2017/` become
sections, and `list all` includes drafts, future and expired pages). `cacheDir` is set inside the
site so that a "cold" run can delete it. Hugo writes `public/`, `resources/` and
`.hugo_build.lock` next to the config, never into the archive.

    python benchmarks/hugo.py ARCHIVE [--workdir DIR]    # check: Hugo lists every article
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

NOT_INSTALLED = "hugo: not installed (apt-get install hugo)"


def hugo_executable() -> str | None:
    return shutil.which("hugo")


def hugo_site(archive_dir: Path, workdir: Path) -> Path | None:
    """A minimal Hugo site in `workdir` reading `archive_dir` in place; None without hugo."""
    if hugo_executable() is None:
        print(NOT_INSTALLED, file=sys.stderr)
        return None
    site = workdir.resolve()
    site.mkdir(parents=True, exist_ok=True)
    config = "\n".join(
        [
            'baseURL = "https://example.org/"',
            f"contentDir = {json.dumps(str(archive_dir.resolve()))}",
            f"cacheDir = {json.dumps(str(site / '.cache'))}",
            "",
        ]
    )
    (site / "config.toml").write_text(config, encoding="utf-8")
    return site


def hugo_command(site: Path) -> list[str]:
    """The command listing every article of the site as CSV: a header, then one row each."""
    return [hugo_executable() or "hugo", "list", "all", "--source", str(site)]


def hugo_cache_dirs(site: Path) -> list[Path]:
    """What to delete for a cold run."""
    return [site / ".cache", site / "resources", site / "public"]


def count_listed(csv_output: str) -> int:
    rows = list(csv.reader(io.StringIO(csv_output)))
    return max(len(rows) - 1, 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check that `hugo list all` reads an archive.")
    parser.add_argument("archive", type=Path)
    parser.add_argument("--workdir", type=Path, help="site folder (default: a temporary one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hugo-site-") as tmp:
        site = hugo_site(args.archive, args.workdir or Path(tmp))
        if site is None:
            return 1
        done = subprocess.run(hugo_command(site), capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return done.returncode
        listed = count_listed(done.stdout)
        files = sum(1 for _ in args.archive.rglob("*.md"))
        print(f"hugo listed {listed} articles; {files} .md files in {args.archive}")
        return 0 if listed == files else 1


if __name__ == "__main__":
    sys.exit(main())
