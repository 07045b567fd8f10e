"""What `new` starts from: the site generator's own template for new content (Hugo's archetypes,
Hexo's scaffolds; actueel's `_template.md` is Archive.template), and the front matter format
most of the archive is written in; and what `build` lays its pages out with (`inputs_digest`).
Part of the store: it reads files in and around the articles folder, and the package's own.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections import Counter
from pathlib import Path

from actueel_cli import __version__
from actueel_cli.errors import ArticleProblem, ConfigError
from actueel_cli.parse import BOM, FENCES, fence

from .files import Archive

SEARCH_UP = 5  # folders above the articles folder looked at (Astro's src/content/blog is 3)
SAMPLE = 200  # articles whose first line tells the archive's front matter format


def site_root(articles_dir: Path, marker: str) -> Path | None:
    """The nearest folder at or above the articles folder that holds the folder `marker`."""
    here = articles_dir.resolve()
    for folder in (here, *here.parents)[: SEARCH_UP + 1]:
        if (folder / marker).is_dir():
            return folder
    return None


def generator_template(articles_dir: Path, generator: str) -> tuple[Path, str] | None:
    """The template the site's generator makes new content from, and its text: Hugo's
    `archetypes/<section>.md`, else `archetypes/default.md` (the section is the articles
    folder's first folder under `content/`); Hexo's `scaffolds/post.md`. None when the site has
    none (or the generator keeps none)."""
    candidates: list[Path] = []
    if generator == "hugo":
        root = site_root(articles_dir, "archetypes")
        if root is None:
            return None
        try:
            inside = articles_dir.resolve().relative_to(root / "content").parts
        except ValueError:
            inside = ()
        if inside:
            candidates.append(root / "archetypes" / f"{inside[0]}.md")
        candidates.append(root / "archetypes" / "default.md")
    elif generator == "hexo":
        root = site_root(articles_dir, "scaffolds")
        if root is None:
            return None
        candidates.append(root / "scaffolds" / "post.md")
    for path in candidates:
        if path.is_file():
            return path, _read(path)
    return None


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except OSError as err:
        raise ConfigError(f"{path}: cannot read the template: {err.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the template is not UTF-8; convert it") from None


def usual_format(archive: Archive, paths: list[str]) -> str | None:
    """ "yaml" or "toml": the front matter most of the articles are written in (the newest
    SAMPLE of them by path: dated names and year folders sort last); None for an empty archive
    or a tie."""
    counts: Counter[str] = Counter()
    for rel in sorted(paths)[-SAMPLE:]:
        try:
            first = archive.read_bytes(rel).removeprefix(BOM).split(b"\n", 1)[0]
        except ArticleProblem:
            continue
        found = fence(first.removesuffix(b"\r").decode("utf-8", "replace"))
        if found is not None:
            counts[FENCES[found]] += 1
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def inputs_digest(overrides: Path | None) -> str:
    """A digest of what every page `build` makes is made with besides what it shows: the
    templates (every file of the package's and of a site's `templates/` folder, which may
    include others) and the code that turns articles into pages (the site package, the body's
    pre-pass, the page's words), so that a changed template or another version of actueel makes
    every page again."""
    digest = hashlib.blake2b(__version__.encode(), digest_size=16)
    package = Path(__file__).parent.parent / "site"
    code = [package.parent / "markup.py", package.parent / "labels.py"]
    folders = [(package, code + sorted(package.glob("*.py"))), (package / "templates", None)]
    if overrides is not None and overrides.is_dir():
        folders.append((overrides, None))
    for folder, files in folders:
        if files is None:
            files = sorted(p for p in folder.rglob("*") if p.is_file())
        for path in files:
            digest.update(b"\0" + os.fsencode(path.relative_to(folder.parent)) + b"\0")
            with contextlib.suppress(OSError):  # unreadable: Jinja will say so when it loads it
                digest.update(path.read_bytes())
    return digest.hexdigest()
