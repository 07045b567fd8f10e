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


# A site that builds the pages `actueel build` makes, the layouts the team measures Hugo with:
# one page per article (date, author, header image, tags, previous/next), an index of 20 a
# page, a page per tag, a feed (RSS) and a sitemap. The archive is mounted as content/posts.
BUILD_CONFIG = """\
baseURL = "https://actueel.example.nl/"
languageCode = "nl-nl"
title = "Actueel benchmark"
disableKinds = ["robotsTXT", "404"]
paginate = 20
cacheDir = {cache}
[taxonomies]
  tag = "tags"
[[module.mounts]]
  source = {archive}
  target = "content/posts"
"""
BUILD_LAYOUTS = {
    "baseof.html": (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{{ .Title }}</title>\n'
        '<link rel="alternate" type="application/rss+xml" href="/index.xml"></head><body>'
        '{{ block "main" . }}{{ end }}</body></html>\n'
    ),
    "list.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range (.Paginate .Pages).Pages }}<li>'
        '<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>'
        '{{ end }}</ul>{{ template "_internal/pagination.html" . }}{{ end }}\n'
    ),
    "single.html": (
        '{{ define "main" }}<a href="/posts/">Terug naar Actueel</a><article><h1>{{ .Title }}'
        "</h1>\n"
        '<p>{{ .Date.Format "2 January 2006" }}, door {{ .Params.author }}</p>\n'
        '{{ with .Params.image }}<img src="{{ . }}" alt="Headerfoto {{ $.Title }}">{{ end }}\n'
        "{{ .Content }}\n"
        '<p>tags: {{ range .Params.tags }}<a href="/tags/{{ . | urlize }}/">{{ . }}</a> '
        "{{ end }}</p>\n"
        '{{ with .NextInSection }}<p>Vorig artikel <a href="{{ .RelPermalink }}">{{ .Title }}'
        "</a></p>{{ end }}\n"
        '{{ with .PrevInSection }}<p>Volgend artikel <a href="{{ .RelPermalink }}">{{ .Title }}'
        "</a></p>{{ end }}\n"
        "</article>{{ end }}\n"
    ),
}


def hugo_build_site(archive_dir: Path, workdir: Path) -> Path | None:
    """A Hugo site in `workdir` that builds `archive_dir` (mounted in place as content/posts)
    into pages like `actueel build`'s; `hugo --quiet --source SITE` builds it into SITE/public.
    None without hugo."""
    if hugo_executable() is None:
        print(NOT_INSTALLED, file=sys.stderr)
        return None
    site = workdir.resolve()
    (site / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
    config = BUILD_CONFIG.format(
        cache=json.dumps(str(site / ".cache")), archive=json.dumps(str(archive_dir.resolve()))
    )
    (site / "config.toml").write_text(config, encoding="utf-8")
    for name, text in BUILD_LAYOUTS.items():
        (site / "layouts" / "_default" / name).write_text(text, encoding="utf-8")
    return site


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
