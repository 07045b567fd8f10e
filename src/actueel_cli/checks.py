"""Archive-wide checks for `actueel check`: what no single file shows on its own.

Pure: works on the articles and problems of the catalog; what needs the disk (which image files
exist, a file's bytes to find a key's line) is passed in. `today` is passed in too.
"""

from __future__ import annotations

import posixpath
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence, Set
from datetime import date

from .errors import ActueelError
from .generators import DEFAULT_SITE, Site
from .identity import Named, address
from .model import Article, Problem, day_of, fold, slug_key
from .parse import locate_key

Reader = Callable[[str], bytes]


def run(
    articles: Sequence[Article],
    problems: Sequence[Problem],
    today: date,
    existing: set[str],
    read: Reader | None = None,
    broken: Sequence[Named] = (),
    site: Site = DEFAULT_SITE,
    named: Set[str] = frozenset(),
) -> list[Problem]:
    """Every problem of the archive: each file's own, then the archive-wide ones, in report
    order (errors first). `existing` holds the paths that `image_paths` gave and exist;
    `broken` the files that cannot be read (named by their paths); `named` the files asked
    about, at which a group of duplicates is reported."""
    found = [*problems, *duplicate_slugs(articles, broken, site.generator, named)]
    for field, about_key in (
        ("tags", tag_spellings(articles)),
        ("image", missing_images(articles, existing)),
        ("date", date_warnings(articles, today)),
    ):
        keys = site.keys(field)
        found += [_at_key(p, keys, read, site.rules.ignore_case) for p in about_key]
    return ordered(found)


SEVERITIES = ("error", "warning", "note")


def ordered(problems: Iterable[Problem]) -> list[Problem]:
    """Errors first, then warnings, then notes; by path, line and column within each."""
    return sorted(
        problems,
        key=lambda p: (
            SEVERITIES.index(p.severity) if p.severity in SEVERITIES else 1,
            p.path,
            p.line or 0,
            p.column or 0,
            p.message,
        ),
    )


# --- slugs ---------------------------------------------------------------------------------


SHOWN_OTHERS = 5  # files a duplicate's line names besides the first


def duplicate_slugs(
    articles: Iterable[Article],
    broken: Iterable[Named],
    generator: str,
    asked: Set[str] = frozenset(),
) -> list[Problem]:
    """One line per group of files with the same slug (also across sub-folders, or differing
    only in case or Unicode normalisation), at the first of them (the first of `asked`, when
    one of them is). An error where the site
    publishes two of them at one address (identity.address); a warning where it publishes
    them apart (Hugo year folders: `2022/kubecon-na.md`, `2023/kubecon-na.md`), since a bare
    slug cannot tell them apart: they are named by path."""
    groups: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for article in articles:
        day = None if article.undated else day_of(article.date)
        where = address(article.path, article.slug, day, generator)
        groups[slug_key(article.slug)].append((article.path, article.slug, where))
    for file in broken:
        where = address(file.path, file.slug, None, generator)
        groups[slug_key(file.slug)].append((file.path, file.slug, where))
    found = []
    for same in groups.values():
        if len(same) < 2:
            continue
        same.sort(key=lambda entry: (entry[0] not in asked, entry[0]))
        first, slug, _ = same[0]
        others = [path for path, _, _ in same[1:]]
        shown = ", ".join(others[:SHOWN_OTHERS])
        if len(others) > SHOWN_OTHERS:
            shown += f" and {len(others) - SHOWN_OTHERS} more"
        if len({where for _, _, where in same}) < len(same):
            message = f"the slug {slug!r} is also used by {shown}; rename one"
            found.append(Problem(first, message))
        else:
            message = (
                f"the slug {slug!r} is also used by {shown}; the site publishes them at "
                "different addresses, but a bare slug cannot tell them apart: name them by path"
            )
            found.append(Problem(first, message, "warning"))
    return found


# --- tags ----------------------------------------------------------------------------------


def tag_spellings(articles: Iterable[Article]) -> list[Problem]:
    """Tags written in more than one way (`Ondermijning`, `ondermijning`, `ondermíjning`): a
    warning on every article that does not use the most common spelling."""
    usage: dict[str, Counter[str]] = defaultdict(Counter)
    users: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        for tag in article.tags:
            usage[fold(tag)][tag] += 1
            users[tag].append(article)
    found = []
    for spellings in usage.values():
        if len(spellings) < 2:
            continue
        # the most used spelling wins; on a tie, the first in sorted order
        main = min(spellings, key=lambda t: (-spellings[t], t))
        for tag in sorted(spellings):
            if tag == main:
                continue
            count = spellings[main]
            where = f"{count} article{'s' if count != 1 else ''}"
            for article in users[tag]:
                found.append(
                    Problem(
                        article.path,
                        f"tag {tag!r} is written {main!r} in {where}; use one spelling",
                        "warning",
                    )
                )
    return found


# --- images --------------------------------------------------------------------------------


def is_relative(image: str) -> bool:
    """A path in the site's folders, not a URL or an absolute path (those are not checked)."""
    return bool(image) and not image.startswith(("/", "~", "\\")) and ":" not in image


def image_candidates(article: Article) -> list[str]:
    """Where a relative header image may be: next to the article, or from the articles folder
    (as `images/x.jpg` is meant in a sub-folder). Relative to the articles folder, with `/`."""
    if not article.image or not is_relative(article.image):
        return []
    return relative_candidates(article.path, article.image)


def relative_candidates(article_path: str, ref: str) -> list[str]:
    """Where a file named by a relative path in an article may be (the header image, an image
    in the body): next to the article, then from the articles folder."""
    image = ref.replace("\\", "/")
    folder = posixpath.dirname(article_path)
    found = [posixpath.normpath(posixpath.join(folder, image))]
    if folder:
        found.append(posixpath.normpath(image))
    return found


def image_paths(articles: Iterable[Article]) -> set[str]:
    """Every path `missing_images` will ask about; the caller finds which exist."""
    return {path for a in articles for path in image_candidates(a)}


def missing_images(articles: Iterable[Article], existing: set[str]) -> list[Problem]:
    found = []
    for article in articles:
        candidates = image_candidates(article)
        if candidates and not any(c in existing for c in candidates):
            found.append(
                Problem(
                    article.path,
                    f"the image {article.image!r} does not exist (looked for "
                    f"{' and '.join(candidates)} in the articles folder)",
                )
            )
    return found


# --- dates ---------------------------------------------------------------------------------


def date_warnings(articles: Iterable[Article], today: date) -> list[Problem]:
    found = []
    for article in articles:
        if article.undated:
            continue  # its reader said so already
        day = article.shown_from
        if article.draft and day < today:
            message = (
                f"a draft dated {day.isoformat()}, in the past; "
                "give it the day it is published when you publish it"
            )
        elif article.is_scheduled(today):
            when = "dated" if article.publish is None else "to be published"
            message = (
                f"{when} {day.isoformat()}, after today: the site will show it only from then "
                "(make it a draft if it is not ready)"
            )
        else:
            continue
        found.append(Problem(article.path, message, "warning"))
    return found


# --- lines ---------------------------------------------------------------------------------


def _at_key(
    problem: Problem, keys: tuple[str, ...], read: Reader | None, ignore_case: bool = False
) -> Problem:
    """The problem placed at the line of the front matter key it is about (the first of the
    field's keys the file has). Looked up only for the few files that have such a problem, so
    the catalog need not keep line numbers."""
    if read is None:
        return problem
    try:
        line = locate_key(read(problem.path), keys, ignore_case)
    except ActueelError:
        return problem
    return Problem(problem.path, problem.message, problem.severity, line, 1 if line else None)
