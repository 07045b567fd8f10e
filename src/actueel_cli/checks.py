"""Archive-wide checks for `actueel check`: what no single file shows on its own.

Pure: works on the articles and problems of a Scan; what needs the disk (which image files exist,
a file's bytes to find a key's line) is passed in. `today` is passed in too.
"""

from __future__ import annotations

import posixpath
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from .errors import ActueelError, NotFound
from .model import Article, Problem, day_of, find, fold, slug_key
from .parse import locate_key

Reader = Callable[[str], bytes]


def run(
    articles: Sequence[Article],
    problems: Sequence[Problem],
    today: date,
    existing: set[str],
    read: Reader | None = None,
) -> list[Problem]:
    """Every problem of the archive: each file's own, then the archive-wide ones, in report
    order (errors first). `existing` holds the paths that `image_paths` gave and exist."""
    found = [
        *problems,
        *duplicate_slugs(sorted({a.path for a in articles} | _broken_files(problems))),
    ]
    for key, about_key in (
        ("tags", tag_spellings(articles)),
        ("image", missing_images(articles, existing)),
        ("date", date_warnings(articles, today)),
    ):
        found += [_at_key(p, key, read) for p in about_key]
    return ordered(found)


def ordered(problems: Iterable[Problem]) -> list[Problem]:
    """Errors first, then warnings; by path, line and column within each."""
    return sorted(
        problems,
        key=lambda p: (p.severity != "error", p.path, p.line or 0, p.column or 0, p.message),
    )


def _broken_files(problems: Iterable[Problem]) -> set[str]:
    return {p.path for p in problems if p.severity == "error" and p.path.endswith(".md")}


# --- slugs ---------------------------------------------------------------------------------


def duplicate_slugs(paths: Sequence[str]) -> list[Problem]:
    """Files whose slugs are the same, also across sub-folders or differing only in case or
    Unicode normalisation: `show`, links and the site cannot tell them apart."""
    groups: dict[str, list[str]] = defaultdict(list)
    for path in paths:
        groups[slug_key(_slug(path))].append(path)
    found = []
    for same in groups.values():
        for path in same if len(same) > 1 else ():
            others = ", ".join(p for p in same if p != path)
            found.append(
                Problem(path, f"the slug {_slug(path)!r} is also used by {others}; rename one")
            )
    return found


def _slug(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".md")


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
        day = day_of(article.date)
        if article.draft and day < today:
            message = (
                f"a draft dated {day.isoformat()}, in the past; "
                "give it the day it is published when you publish it"
            )
        elif not article.draft and day > today:
            message = (
                f"dated {day.isoformat()}, after today: the site will show it only from then "
                "(make it a draft if it is not ready)"
            )
        else:
            continue
        found.append(Problem(article.path, message, "warning"))
    return found


# --- lines ---------------------------------------------------------------------------------


def _at_key(problem: Problem, key: str, read: Reader | None) -> Problem:
    """The problem placed at the line of the front matter key it is about. Looked up only for
    the few files that have such a problem, so a scan need not keep line numbers."""
    if read is None:
        return problem
    try:
        line = locate_key(read(problem.path), key)
    except ActueelError:
        return problem
    return Problem(problem.path, problem.message, problem.severity, line, 1 if line else None)


# --- choosing files ------------------------------------------------------------------------


def select(
    articles: Sequence[Article], problems: Sequence[Problem], idents: Iterable[str]
) -> set[str]:
    """The paths of the files named on the command line: by path or slug (every file with that
    slug, also files that could not be read), else by a unique prefix of an article's slug.
    Raises NotFound for an unknown name."""
    chosen: set[str] = set()
    paths = sorted({a.path for a in articles} | {p.path for p in problems})
    for ident in idents:
        exact = _exact(paths, ident)
        if exact:
            chosen.update(exact)
            continue
        try:
            chosen.add(find(articles, ident).path)
        except NotFound:
            key = slug_key(ident.strip())
            prefixed = [
                p for p in paths if p.endswith(".md") and slug_key(_slug(p)).startswith(key)
            ]
            if not key or len(prefixed) != 1:
                raise
            chosen.update(prefixed)  # a file that could not be read, by a prefix of its slug
    return chosen


def _exact(paths: Sequence[str], ident: str) -> list[str]:
    wanted = ident.strip().replace("\\", "/")
    same = [p for p in paths if wanted in (p, p.removesuffix(".md"))]
    if same:
        return same
    key = slug_key(wanted)
    return [p for p in paths if p.endswith(".md") and slug_key(_slug(p)) == key]


def problem_of(problems: Sequence[Problem], ident: str) -> Problem | None:
    """The first error of the file a name points at, when that file is not a usable article:
    so that `show kapot` says what is wrong with kapot.md instead of `no article`."""
    paths = sorted({p.path for p in problems if p.severity == "error"})
    named = _exact(paths, ident)
    return next(
        (p for p in problems if named and p.path == named[0] and p.severity == "error"), None
    )
