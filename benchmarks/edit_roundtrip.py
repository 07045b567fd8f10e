"""Do actueel's edits of real files change only what they must? Undo each edit and compare bytes.

    uv run python benchmarks/edit_roundtrip.py ../shared/real-sites [--only tags,rename,publish]

Each sub-folder of the given folder is one site's posts (its README says which generator made
the site; the folders have no site around them, so the generator is set in an actueel.toml
beside a copy, as the site's owner would set it, with `[fields]` where the site keeps its tags
under its own key). On a copy of every folder, through the CLI (in-process, as a user types it):

- tags: for every Markdown file, `tag add FILE zz` then `tag remove FILE zz`: the file must be
  byte for byte as it was when it had no tags entry or at least one tag (an empty entry,
  `tags: []`, goes when its last tag does, so it is counted apart);
- rename: for every tag of the archive (spelled one way only), `tag rename A zz-probe` then
  `tag rename zz-probe A`: every file must be as it was;
- publish: for every published article, `unpublish` then `publish --keep-date`: the same bytes
  when it had no draft entry (publish drops the mark unpublish added); otherwise only that
  entry may have changed (`draft: false` goes with it).

It prints the counts per folder and every file that was refused, with the reason actueel gave,
and every file that came back different (with the lines that differ): there should be none.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))
from real_sites import MARKDOWN, SITE_FIELDS, TODAY, generators_from_readme  # noqa: E402

from actueel_cli.cli import app
from actueel_cli.fmedit import get_list

PROBE = "zz"  # a tag none of the folders has
RENAMED = "zz-probe"
DRAFT_LINE = re.compile(r"(?i)^\s*(draft|published)\s*[:=]")


@dataclass
class Site:
    root: Path  # the copy: actueel.toml and posts/
    env: dict[str, str]
    tag_key: str
    string_as: str
    originals: dict[str, bytes] = field(default_factory=dict)  # path in posts/ -> bytes

    @property
    def posts(self) -> Path:
        return self.root / "posts"

    def run(self, *args: str) -> Any:
        """`actueel ARGS` in the site, as typed there; returns the Result."""
        here = Path.cwd()
        os.chdir(self.root)
        try:
            return CliRunner().invoke(app, ["--clock", TODAY, *args], env=self.env)
        finally:
            os.chdir(here)

    def bytes_of(self, rel: str) -> bytes:
        return (self.posts / rel).read_bytes()

    def changed(self) -> list[str]:
        return [rel for rel, data in self.originals.items() if self.bytes_of(rel) != data]

    def restore(self, rel: str) -> None:
        (self.posts / rel).write_bytes(self.originals[rel])


def set_up(posts: Path, generator: str, work: Path) -> Site:
    root = work / posts.name
    shutil.copytree(posts, root / "posts")
    for path in root.rglob("*"):  # the folders given may be read-only; the copy is not
        path.chmod(path.stat().st_mode | 0o200)
    fields = SITE_FIELDS.get(posts.name, {})
    config = [f'articles_dir = "posts"\ngenerator = "{generator}"\n']
    if fields:
        config.append("[fields]\n" + "".join(f'{k} = "{v}"\n' for k, v in fields.items()))
    (root / "actueel.toml").write_text("".join(config), encoding="utf-8")
    env = {"ACTUEEL_CACHE_DIR": str(work / "cache"), "ACTUEEL_STATE_DIR": str(work / "state"),
           "COLUMNS": "200"}  # fmt: skip
    string_as = {"jekyll": "words", "actueel": "error"}.get(generator, "one")
    site = Site(root, env, fields.get("tags", "tags"), string_as)
    for path in sorted(site.posts.rglob("*")):
        if path.is_file() and path.suffix in MARKDOWN:
            site.originals[str(path.relative_to(site.posts))] = path.read_bytes()
    return site


def reason(result: Any) -> str:
    lines = (result.stderr or result.stdout or "").strip().splitlines()
    text = lines[0] if lines else f"exit code {result.exit_code}"
    return text.removeprefix("Error: ")


def without(rel: str, message: str) -> str:
    """A message without the file name it starts with (the report names the file)."""
    return message.removeprefix(f"{rel}: ")


def diff(before: bytes, after: bytes) -> list[str]:
    a = before.decode("utf-8", "replace").splitlines(keepends=True)
    b = after.decode("utf-8", "replace").splitlines(keepends=True)
    return [
        line.rstrip("\n")
        for line in difflib.unified_diff(a, b, n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def tags_entry(site: Site, rel: str) -> list[str] | None:
    """The file's tags as fmedit reads them: None without an entry (or unreadable)."""
    try:
        return get_list(site.originals[rel].decode("utf-8"), site.tag_key, site.string_as)
    except Exception:  # any file: whatever it holds, only the count is at stake
        return None


@dataclass
class Outcome:
    counts: Counter[str] = field(default_factory=Counter)
    refused: dict[str, str] = field(default_factory=dict)  # file -> reason
    wrong: dict[str, list[str]] = field(default_factory=dict)  # file -> differing lines


def tag_round_trip(site: Site) -> Outcome:
    out = Outcome()
    for rel in site.originals:
        added = site.run("tag", "add", rel, PROBE)
        if added.exit_code != 0:
            out.counts["refused"] += 1
            out.refused[rel] = without(rel, reason(added))
            if site.bytes_of(rel) != site.originals[rel]:
                out.wrong[rel] = ["(changed by a refused add)"]
                site.restore(rel)
            continue
        removed = site.run("tag", "remove", rel, PROBE)
        after = site.bytes_of(rel)
        if removed.exit_code != 0:
            out.wrong[rel] = [f"(remove failed: {reason(removed)})"]
        elif after == site.originals[rel]:
            out.counts["identical"] += 1
        elif tags_entry(site, rel) == []:
            out.counts["empty entry removed"] += 1
        else:
            out.wrong[rel] = diff(site.originals[rel], after)
        if after != site.originals[rel]:
            site.restore(rel)
    return out


def rename_round_trip(site: Site) -> Outcome:
    out = Outcome()
    listed = site.run("tag", "list", "--format", "json")
    for entry in json.loads(listed.stdout or "[]"):
        tag = entry["tag"]
        if entry["variants"]:
            out.counts["tags spelled several ways (left out)"] += 1
            continue
        there = site.run("tag", "rename", tag, RENAMED)
        if there.exit_code != 0:
            out.counts["tags refused"] += 1
            out.refused[f"tag {tag!r}"] = reason(there)
            continue
        back = site.run("tag", "rename", RENAMED, tag)
        changed = site.changed()
        if back.exit_code != 0 or changed:
            for rel in changed:
                out.wrong[f"{rel} (tag {tag!r})"] = diff(site.originals[rel], site.bytes_of(rel))
                site.restore(rel)
            if back.exit_code != 0:
                out.wrong[f"tag {tag!r}"] = [f"(rename back failed: {reason(back)})"]
        else:
            out.counts["tags"] += 1
            out.counts["files renamed and back"] += entry["articles"]
    return out


def publish_round_trip(site: Site) -> Outcome:
    out = Outcome()
    listed = site.run("list", "--format", "json", "--drafts", "--expired")
    if listed.exit_code == 2:  # before issue 10: no --expired
        listed = site.run("list", "--format", "json", "--drafts")
    articles = {a["path"]: a for a in json.loads(listed.stdout or "[]")}
    out.counts["not read (not articles)"] = len(set(site.originals) - set(articles))
    for rel, article in sorted(articles.items()):
        if article["draft"]:
            out.counts["drafts (left out)"] += 1
            continue
        had_mark = any(DRAFT_LINE.match(line) for line in front_lines(site.originals[rel]))
        off = site.run("unpublish", rel)
        if off.exit_code != 0:
            out.counts["refused"] += 1
            out.refused[rel] = without(rel, reason(off))
            continue
        on = site.run("publish", "--keep-date", rel)
        after = site.bytes_of(rel)
        lines = diff(site.originals[rel], after)
        if on.exit_code != 0:
            out.wrong[rel] = [f"(publish failed: {reason(on)})"]
        elif not lines:
            out.counts["identical" if not had_mark else "identical (draft entry kept)"] += 1
        elif had_mark and len(lines) == 1 and lines[0][0] == "-" and DRAFT_LINE.match(lines[0][1:]):
            out.counts["only the draft entry changed"] += 1
        else:
            out.wrong[rel] = lines
        if after != site.originals[rel]:
            site.restore(rel)
    return out


def front_lines(data: bytes) -> list[str]:
    """The lines of the front matter block (empty when there is none)."""
    lines = data.decode("utf-8", "replace").splitlines()
    if not lines or lines[0].strip().lstrip("\ufeff") not in ("---", "+++"):
        return []
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == lines[0].strip()), 0)
    return lines[1:end]


CHECKS = {"tags": tag_round_trip, "rename": rename_round_trip, "publish": publish_round_trip}


def report(name: str, check: str, outcome: Outcome) -> int:
    counts = ", ".join(f"{k}: {v}" for k, v in outcome.counts.items() if v)
    print(f"  {check}: {counts or 'nothing to do'}; came back different: {len(outcome.wrong)}")
    for rel, why in sorted(outcome.refused.items()):
        print(f"    refused {rel}: {why}")
    for rel, lines in sorted(outcome.wrong.items()):
        print(f"    DIFFERENT {rel}:")
        for line in lines[:12]:
            print(f"      {line}")
    return len(outcome.wrong)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a folder of post folders (real-sites)")
    parser.add_argument("--only", default=",".join(CHECKS), help="tags,rename,publish")
    args = parser.parse_args()
    wanted = [c.strip() for c in args.only.split(",") if c.strip()]
    generators = generators_from_readme(args.folder)
    wrong = 0
    totals: dict[str, Counter[str]] = {check: Counter() for check in wanted}
    with tempfile.TemporaryDirectory(prefix="actueel-roundtrip-") as tmp:
        for posts in sorted(p for p in args.folder.iterdir() if p.is_dir()):
            generator = generators.get(posts.name, "actueel")
            site = set_up(posts, generator, Path(tmp))
            print(f"{posts.name} ({generator}, {len(site.originals)} files)")
            for check in wanted:
                outcome = CHECKS[check](site)
                wrong += report(posts.name, check, outcome)
                totals[check].update(outcome.counts)
                totals[check]["came back different"] += len(outcome.wrong)
                left = site.changed()
                assert not left, f"files left changed after {check}: {left}"
    print("\nall folders:")
    for check, counts in totals.items():
        print(
            f"  {check}: " + ", ".join(f"{k}: {v}" for k, v in counts.items() if v or "diff" in k)
        )
    print(f"files that came back different: {wrong}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
