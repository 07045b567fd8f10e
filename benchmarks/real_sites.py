"""How much of real sites' post folders actueel reads, and whether it names them as the site does.

    uv run python benchmarks/real_sites.py ../shared/real-sites [--hugo]

Each sub-folder of the given folder is one site's posts, copied as the site keeps them (its
README says which generator made the site; the folders have no site around them, so the
generator cannot be detected: it is set in an actueel.toml beside a copy, as the site's owner
would set it). For each, the script runs the installed `actueel check --format json` and
`actueel list --format json --drafts --expired` on the copy and prints:

- files: the Markdown files in the folder (every name, also `_index.md`);
- read: the articles `list` gives;
- not read, with the reasons grouped: what `check` says about each file that is not listed;
- warnings, grouped (undated articles, duplicate slugs the site publishes apart, ...);
- slugs that are not the file name (where the generator's rules name an article otherwise);
- with --hugo, for Hugo sites, when `hugo` is installed: the articles whose slug or day differ
  from what `hugo list all` gives for the same files (Hugo's own permalink and date).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from actueel_cli.generators import MARKDOWN_EXTENSIONS

# What a site's owner would put in [fields]: this Astro site's schema calls its tags categories.
SITE_FIELDS = {"astro-echonyc": {"tags": "categories"}}
GENERATORS = ("hugo", "jekyll", "hexo", "eleventy", "astro")
MARKDOWN = MARKDOWN_EXTENSIONS
TODAY = "2026-06-01"  # a fixed day, so that scheduled and expired counts do not drift


def generators_from_readme(folder: Path) -> dict[str, str]:
    """folder name -> generator, from the README table (`| nluug-nieuws | Hugo, Dutch ... |`)."""
    found = {}
    readme = folder / "README.md"
    if readme.is_file():
        for line in readme.read_text(encoding="utf-8").splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 2:
                word = re.split(r"[\s,]", cells[1], maxsplit=1)[0].lower()
                if word in GENERATORS:
                    found[cells[0]] = word
    return found


def actueel(site: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "actueel_cli", "--clock", TODAY, *args]
    return subprocess.run(command, cwd=site, env=env, capture_output=True, text=True, check=False)


def measure(posts: Path, generator: str, fields: dict[str, str], work: Path) -> dict[str, Any]:
    site = work / posts.name
    shutil.copytree(posts, site / "posts")
    config = [f'articles_dir = "posts"\ngenerator = "{generator}"\n']
    if fields:
        config.append("[fields]\n" + "".join(f'{k} = "{v}"\n' for k, v in fields.items()))
    (site / "actueel.toml").write_text("".join(config), encoding="utf-8")
    env = {**os.environ, "ACTUEEL_CACHE_DIR": str(work / "cache"),
           "ACTUEEL_STATE_DIR": str(work / "state")}  # fmt: skip
    listed = json.loads(
        actueel(site, "list", "-f", "json", "--drafts", "--expired", env=env).stdout
    )
    problems = json.loads(actueel(site, "check", "-f", "json", env=env).stdout or "[]")
    files = sorted(
        str(p.relative_to(posts)) for p in posts.rglob("*") if p.is_file() and p.suffix in MARKDOWN
    )
    read = {a["path"] for a in listed}
    why: dict[str, list[str]] = defaultdict(list)
    for p in problems:
        if p["path"] not in read and p["severity"] in ("error", "note"):
            why[p["path"]].append(f"{p['severity']}: {p['message']}")
    unread = [f for f in files if f not in read]
    return {
        "site": site,
        "files": files,
        "listed": listed,
        "unread": {f: why.get(f, ["(check names no reason)"]) for f in unread},
        "warnings": [p for p in problems if p["severity"] == "warning"],
    }


def kind(message: str) -> str:
    """A message without what differs per file (as `list` groups them)."""
    return re.sub(r"'[^']*'|\"[^\"]*\"|`[^`]*`|\b\d[\w.:-]*", "…", message)


def stem(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0]


def hugo_differences(result: dict[str, Any], section: str, work: Path) -> list[str] | None:
    """Articles whose slug (the last part of Hugo's permalink) or day differ from Hugo's."""
    if shutil.which("hugo") is None:
        return None
    site = work / f"hugo-{section}"
    shutil.copytree(result["site"] / "posts", site / "content" / section)
    (site / "config.toml").write_text('baseURL = "https://example.org/"\n', encoding="utf-8")
    # the site's own shortcodes are not here: empty ones, so that Hugo reads every page
    shortcodes = site / "layouts" / "shortcodes"
    shortcodes.mkdir(parents=True)
    for page in (site / "content").rglob("*.md"):
        text = page.read_text(encoding="utf-8", errors="replace")
        for name in set(re.findall(r"\{\{[<%]\s*/?\s*([\w./-]+)", text)):
            target = shortcodes / f"{name.strip('/')}.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("{{ .Inner }}" if "/" + name in text else "", encoding="utf-8")
    done = subprocess.run(
        ["hugo", "list", "all", "--source", str(site)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        return [f"hugo failed: {done.stderr.strip()[:200]}"]
    hugo = {}
    for row in csv.DictReader(io.StringIO(done.stdout)):
        path = row["path"].removeprefix(f"content/{section}/")
        slug = row["permalink"].rstrip("/").rsplit("/", 1)[-1]
        hugo[path] = (slug, row["date"][:10] if not row["date"].startswith("0001") else "")
    differ = []
    for article in result["listed"]:
        theirs = hugo.get(article["path"])
        ours = (article["slug"].lower(), (article["date"] or "")[:10])
        if theirs is None:
            differ.append(f"{article['path']}: not in hugo's list")
        elif ours != theirs:
            differ.append(f"{article['path']}: actueel {ours}, hugo {theirs}")
    differ += [f"{path}: hugo lists it, actueel does not" for path in hugo if path not in
               {a["path"] for a in result["listed"]}]  # fmt: skip
    return differ


def shares(result: dict[str, Any]) -> tuple[int, int, float, float]:
    """(files that are pages, not section pages; files read; % of pages read; % of files)."""
    files, listed, unread = result["files"], result["listed"], result["unread"]
    sections = sum(1 for why in unread.values() if why[0].startswith("note:"))
    pages = len(files) - sections
    of_pages = 100 * len(listed) / pages if pages else 100.0
    of_files = 100 * len(listed) / len(files) if files else 100.0
    return pages, len(listed), of_pages, of_files


def report(name: str, generator: str, result: dict[str, Any], hugo: list[str] | None) -> str:
    files, listed, unread = result["files"], result["listed"], result["unread"]
    pages, read, of_pages, of_files = shares(result)
    lines = [
        f"## {name} ({generator})",
        "",
        f"files: {len(files)}; not articles (named by `check` as notes): {len(files) - pages}; "
        f"read: {read} of {pages} articles ({of_pages:.1f}%; {of_files:.1f}% of all files)",
    ]
    reasons = Counter(kind(r) for why in unread.values() for r in why[:1])
    for reason, n in reasons.most_common():
        example = next(f for f, why in unread.items() if kind(why[0]) == reason)
        lines.append(f"  not read: {n} x {reason} (e.g. {example})")
    warnings = Counter(kind(w["message"])[:100] for w in result["warnings"])
    for warning, n in warnings.most_common():
        lines.append(f"  warning: {n} x {warning}")
    renamed = [a for a in listed if a["slug"] != stem(a["path"])]
    lines.append(f"slugs that are not the file name: {len(renamed)}")
    for a in renamed[:3]:
        lines.append(f"  {a['path']} -> {a['slug']}")
    states = Counter(
        "draft" if a["draft"] else "expired" if a["expired"] else "scheduled" if a["scheduled"]
        else "undated" if a["date"] is None else "live"
        for a in listed
    )  # fmt: skip
    lines.append("states: " + ", ".join(f"{k} {v}" for k, v in sorted(states.items())))
    if hugo is not None:
        lines.append(f"slug or day not as `hugo list all` gives them: {len(hugo)}")
        lines += [f"  {line}" for line in hugo[:5]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="a folder of post folders (real-sites)")
    parser.add_argument("--hugo", action="store_true", help="compare Hugo sites with hugo")
    args = parser.parse_args(argv)
    generators = generators_from_readme(args.folder)
    worst = worst_files = 100.0
    table = [
        "| folder | generator | files | not articles | read | share of the articles | errors "
        "| slug not the file name | slug or day not Hugo's |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    with tempfile.TemporaryDirectory(prefix="real-sites-") as tmp:
        for posts in sorted(p for p in args.folder.iterdir() if p.is_dir()):
            generator = generators.get(posts.name)
            if generator is None:
                print(f"## {posts.name}: no generator in the README; skipped\n")
                continue
            result = measure(posts, generator, SITE_FIELDS.get(posts.name, {}), Path(tmp))
            hugo = None
            if args.hugo and generator == "hugo":
                hugo = hugo_differences(result, posts.name, Path(tmp))
            print(report(posts.name, generator, result, hugo) + "\n")
            pages, read, of_pages, of_files = shares(result)
            worst, worst_files = min(worst, of_pages), min(worst_files, of_files)
            errors = sum(1 for why in result["unread"].values() if why[0].startswith("error"))
            renamed = sum(1 for a in result["listed"] if a["slug"] != stem(a["path"]))
            table.append(
                f"| {posts.name} | {generator} | {len(result['files'])} "
                f"| {len(result['files']) - pages} | {read} | {of_pages:.1f}% | {errors} "
                f"| {renamed} | {'-' if hugo is None else len(hugo)} |"
            )
    print("\n".join(table) + "\n")
    print(f"lowest share of articles read: {worst:.1f}% (of all files: {worst_files:.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
