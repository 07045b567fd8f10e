"""How each site generator reads an article: its keys, its dates, its names. Pure: no disk.

actueel reads a folder the way the site around it does, so that what `list` shows is what the
site publishes. Each rule below is what that generator documents (the README has the table):

- Hugo matches front matter keys regardless of case; dates fall back as its `[frontmatter]`
  defaults say (date, publishDate, pubDate, published, lastmod, modified); `publishDate` in the
  future schedules a page and `expiryDate` (or `unpublishDate`) in the past expires it; `slug`,
  then the last part of `url`, then the folder of a page bundle (`name/index.md`) names it.
- Jekyll dates a post from its file name `YYYY-MM-DD-title.md` (a front matter date overrides
  it) and reads only posts named so; `published: false` keeps it off the site; `tags: a b` is
  two tags; the slug is the file name without the date, unless `slug` is given; no title means
  the file name's words, capitalised.
- Hexo: the date from the front matter, else from the file name (`new_post_name:
  :year-:month-:day-:title.md`), else the file's creation time (see `file_time`); the slug is
  the file name's title part (a `slug` key is overwritten by Hexo); `published: false` is a draft.
- Eleventy: the date from the front matter, else the first `YYYY-MM-DD` in the file's path,
  else the file's creation time; the slug (`fileSlug`) is the file name without the date, or
  the folder's name for `index.md`.
- Astro (content collections): keys as the site's schema names them, commonly `pubDate` and
  `heroImage`; the slug is `slug` or the file name (a folder's name for `index.md`).
- actueel: today's rules: `title`, `date`, the file name is the slug.

Every generator reads the common spellings of the other fields: the author from `author` or
`authors`, the header image from `image`, `featured_image`, `cover`, `coverImage` or
`heroImage`, the summary from `summary`, `description` or `excerpt`. A `[fields]` table in
actueel.toml names a site's own key for a field instead (`tags = "categories"`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

GENERATORS = ("actueel", "hugo", "jekyll", "hexo", "eleventy", "astro")
NAMES = {"actueel": "actueel", "hugo": "Hugo", "jekyll": "Jekyll", "hexo": "Hexo",
         "eleventy": "Eleventy", "astro": "Astro"}  # fmt: skip

# The fields a `[fields]` table may map, and the keys each is read from by default.
FIELDS = ("title", "date", "author", "tags", "image", "summary", "draft")
_COMMON: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "date": ("date",),
    "author": ("author", "authors"),
    "tags": ("tags",),
    "image": ("image", "featured_image", "cover", "coverImage", "heroImage"),
    "summary": ("summary", "description", "excerpt"),
    "draft": ("draft",),
}

# Markdown files, by the extensions these generators render (Jekyll's `markdown_ext`, Hugo's
# content formats, Hexo's and Astro's renderers); `.mdx` is Astro's (and Eleventy's, with a
# plugin). Every file ending in one of these is read, or named by `check` with the reason.
MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdx")

_NAME_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})-")  # Jekyll's and Hexo's file name prefix
_PATH_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")  # Eleventy: anywhere in the path


@dataclass(frozen=True)
class Rules:
    """What one generator does with a file: see the module's docstring."""

    keys: dict[str, tuple[str, ...]]
    ignore_case: bool = False  # keys match regardless of case (Hugo)
    publish_keys: tuple[str, ...] = ()  # a later publish date than `date` (Hugo)
    expiry_keys: tuple[str, ...] = ()
    slug_key: bool = True  # a `slug:` key names the article
    url_key: bool = False  # else the last part of `url:` (Hugo)
    bundles: bool = False  # `name/index.md` is named `name`
    strip_name_date: bool = False  # the slug leaves out a `YYYY-MM-DD-` prefix
    date_anywhere: bool = False  # a date in any part of the path (Eleventy), not only the name
    dated_names_only: bool = False  # only `YYYY-MM-DD-title.md` files are posts (Jekyll)
    title_from_name: str = ""  # "words" (Jekyll: capitalised words) or "name" (Hexo)
    published_key: bool = False  # `published: false` is a draft (Jekyll, Hexo)
    tag_text: str = "one"  # one string of tags: "one" tag, "words" (Jekyll), "error" (actueel)
    file_time: str = ""  # where the generator takes a missing date from the file system
    untitled_ok: bool = False  # a page without a title is still published (Hugo, Eleventy)
    date_words: tuple[str, ...] = ()  # date values naming a file time (Eleventy: Created, ...)


def _keys(**extra: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return {**_COMMON, **extra}


RULES: dict[str, Rules] = {
    "actueel": Rules(keys=_keys(), slug_key=False, tag_text="error"),
    "hugo": Rules(
        keys=_keys(
            date=("date", "publishdate", "pubdate", "published", "lastmod", "modified"),
            image=(*_COMMON["image"], "images"),
        ),
        ignore_case=True,
        publish_keys=("publishdate", "pubdate", "published"),
        expiry_keys=("expirydate", "unpublishdate"),
        url_key=True,
        bundles=True,
        untitled_ok=True,
    ),
    "jekyll": Rules(
        keys=_keys(tags=("tags", "tag")),
        strip_name_date=True,
        dated_names_only=True,
        title_from_name="words",
        published_key=True,
        tag_text="words",
    ),
    "hexo": Rules(
        keys=_keys(tags=("tags", "tag")),
        slug_key=False,
        strip_name_date=True,
        title_from_name="name",
        published_key=True,
        file_time="Hexo dates it by the file's creation time",
    ),
    "eleventy": Rules(
        keys=_keys(),
        slug_key=False,
        bundles=True,
        strip_name_date=True,
        date_anywhere=True,
        file_time="Eleventy dates it by the file's creation time",
        untitled_ok=True,
        date_words=("created", "last modified", "git created", "git last modified"),
    ),
    "astro": Rules(
        keys=_keys(date=("date", "pubDate", "publishDate")),
        bundles=True,
    ),
}


@dataclass(frozen=True)
class Site:
    """How to read the articles of one site: its generator, the keys it maps to actueel's
    fields (`[fields]` in actueel.toml), and the language authors are joined in."""

    generator: str = "actueel"
    fields: tuple[tuple[str, str], ...] = ()
    locale: str = "nl"
    rules: Rules = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rules", RULES[self.generator])

    def keys(self, name: str) -> tuple[str, ...]:
        """The front matter keys a field is read from, first found first: the `[fields]`
        mapping when there is one, else the generator's own."""
        for mapped_field, key in self.fields:
            if mapped_field == name:
                return (key,)
        return self.rules.keys[name]

    def key(self) -> str:
        """What the index must be rebuilt for when it changes."""
        mapped = ",".join(f"{f}={k}" for f, k in sorted(self.fields))
        return f"{self.generator};{mapped};{self.locale}"

    @property
    def name(self) -> str:
        return NAMES[self.generator]

    def draft_mark(self, draft_key: str | None) -> tuple[str, bool]:
        """The entry that makes a file a draft for this site's generator, given the draft key
        the file already writes (None: it has none): `draft: true` under that key or the site's;
        for Jekyll and Hexo, which read `published: false`, that, unless the file has a draft
        key."""
        if self.rules.published_key and draft_key is None:
            return "published", False
        return draft_key or self.keys("draft")[0], True

    def conjunction(self) -> str:
        """How a list of authors is joined: `A en B` (nl), `A and B` (en and others)."""
        return "en" if self.locale.split("_")[0].split("-")[0] == "nl" else "and"


DEFAULT_SITE = Site()

# Where each generator's sites usually keep their posts, relative to the site: `init` takes the
# first that exists.
POSTS_FOLDERS = {
    "hugo": ("content/posts", "content/post", "content/blog", "content/news", "content/nieuws",
             "content/actueel"),
    "jekyll": ("_posts",),
    "hexo": ("source/_posts",),
    "eleventy": ("posts", "blog", "src/posts", "src/blog", "content/blog", "src/content/blog"),
    "astro": ("src/content/blog", "src/content/posts", "src/content/news", "src/content/post"),
}  # fmt: skip


def markdown_stem(name: str) -> str | None:
    """A file name without its Markdown extension; None when it is not a Markdown file."""
    dot = name.rfind(".")
    if dot <= 0 or name[dot:] not in MARKDOWN_EXTENSIONS:
        return None
    return name[:dot]


def is_markdown(name: str) -> bool:
    return markdown_stem(name) is not None


def date_in_name(path: str, rules: Rules) -> date | None:
    """The date a file's name gives (`2017-07-17-title.md`); Eleventy's first `YYYY-MM-DD`
    anywhere in the path. None when there is none or it is not a real day."""
    name = path.rsplit("/", 1)[-1]
    found = (_PATH_DATE.search(path) if rules.date_anywhere else None) or _NAME_DATE.match(name)
    if found is None:
        return None
    try:
        return date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return None


def without_name_date(stem: str) -> str:
    """`2017-07-17-title` -> `title`: the file name's title part, as Jekyll, Hexo and Eleventy
    name a dated post."""
    found = _NAME_DATE.match(stem)
    return stem[found.end() :] if found else stem


def has_dated_name(path: str) -> bool:
    return _NAME_DATE.match(path.rsplit("/", 1)[-1]) is not None


def title_from_name(path: str, rules: Rules) -> str:
    """Jekyll's title for a post without one (its file name's words, capitalised) or Hexo's
    (the file name); empty for the other generators."""
    stem = markdown_stem(path.rsplit("/", 1)[-1]) or ""
    words = without_name_date(stem)
    if rules.title_from_name == "words":
        return " ".join(w.capitalize() for w in words.split("-") if w)
    if rules.title_from_name == "name":
        return words
    return ""
