"""New articles and new sites: what `new` and `init` do.

`new` refuses a slug the site already publishes, puts the article where the site's layout puts
one (`new_path`, else the shape most of the archive has), starts it from the generator's own
template (Hugo's archetypes, Hexo's scaffolds), else from `_template.md`, else from nothing,
writes the keys the site reads (`[fields]`, Jekyll's `published: false`, a `slug:` where the
file name would say otherwise) in the front matter format most of the archive uses, and creates
the file without ever overwriting one. `init` writes actueel.toml and makes the articles folder,
or leaves nothing behind.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import tomli_w

from actueel_cli.archetype import Filling, fill
from actueel_cli.dateform import moment
from actueel_cli.errors import AlreadyExists, ArticleProblem, ConfigError, UnsafeEdit
from actueel_cli.fmedit import get_list, get_scalar, keys, set_list, set_scalar
from actueel_cli.generators import POSTS_FOLDERS
from actueel_cli.handlers import dumps
from actueel_cli.identity import slug_of
from actueel_cli.layout import detect, path_for
from actueel_cli.model import checked_text, slug_key, unique_tags
from actueel_cli.parse import Located, Parsed, decode, fence, load, split

from .catalog import Catalog
from .files import Archive
from .places import CONFIG_NAME, Config, git_author, shown_path
from .templates import generator_template, usual_format

Told = Callable[[str], None]  # hears a note for the user


@dataclass(frozen=True)
class Wanted:
    """What `new` was asked for (None: not given, so the settings and templates decide)."""

    title: str
    slug: str
    day: date
    author: str | None
    tags: list[str]
    image: str | None
    draft: bool


def new_article(
    archive: Archive, config: Config, catalog: Catalog, wanted: Wanted, now: datetime, told: Told
) -> str:
    """Create the article `wanted` asks for; its path in the articles folder. `catalog` says
    which slugs are taken; `now` is the moment a generator's template is dated by."""
    refuse_taken(archive, catalog, wanted.slug)
    rel = new_path(archive, config, wanted.slug, wanted.day)
    archive.create(rel, new_text(archive, config, wanted, rel, now, told))
    return rel


def refuse_taken(archive: Archive, catalog: Catalog, slug: str) -> None:
    """Refuse a slug the site already publishes an article under (its slug key, its bundle's
    folder, its file name without the date), readable or not: identity decides."""
    taken = catalog.taken(slug)
    catalog.done()
    if taken:
        raise AlreadyExists(
            f"an article with slug {slug!r} exists: {shown_path(archive.root / taken[0])}; "
            "give another with --slug"
        )


def new_path(archive: Archive, config: Config, slug: str, day: date) -> str:
    """Where the article goes in the articles folder: `new_path` in actueel.toml, else the
    layout most of the archive has (layout.detect)."""
    rules = config.site.rules
    pattern = config.new_path or detect(archive.names(), rules.dated_names_only)
    return path_for(pattern, slug, day)


def new_text(
    archive: Archive, config: Config, wanted: Wanted, rel: str, now: datetime, told: Told
) -> str:
    """The new file: from the generator's own template where the site has one (Hugo's
    archetypes, Hexo's scaffolds), else from _template.md or nothing."""
    found = generator_template(config.articles_dir, config.generator)
    if found is not None:
        return _from_generator_template(archive, config, wanted, rel, now, told, *found)
    return _from_fields(archive, config, wanted, rel, told)


def _slug_key_needed(config: Config, wanted: Wanted, rel: str) -> bool:
    """Whether the file needs a `slug:` key for the site to publish it under the slug (Hugo
    names `2017-07-07-x.md` by its whole name)."""
    rules = config.site.rules
    return rules.slug_key and slug_key(slug_of(rel, rules)) != slug_key(wanted.slug)


def _from_fields(
    archive: Archive,
    config: Config,
    wanted: Wanted,
    rel: str,
    told: Told,
    body: str | None = None,
) -> str:
    """Front matter made here, with _template.md's defaults and body where there is one (or
    `body`, a generator's template without front matter); in the format most of the archive
    uses unless actueel.toml (or the template) says."""
    site = config.site
    template = _template(archive) if body is None else None
    if template is not None and config.generator in ("hugo", "eleventy"):
        told(f"{site.name} publishes _template.md as a page of the site; "
             + ("move it to archetypes/default.md" if config.generator == "hugo"
                else "keep it outside the posts folder"))  # fmt: skip
    defaults: dict[str, Any] = dict(template.metadata or {}) if template else {}
    # the site's own keys, where `[fields]` names them: the new file is read as the others are
    mapped = config.fields
    defaults = {_field_of(key, mapped): value for key, value in defaults.items()}
    metadata: dict[str, Any] = {"title": wanted.title, "date": wanted.day}
    author = (
        wanted.author
        if wanted.author is not None
        else config.author or _str(defaults.get("author")) or git_author()
    )
    if author:  # no empty author entry when none is known
        metadata["author"] = author
    defaults.pop("author", None)
    metadata["tags"] = unique_tags([*_str_list(defaults.get("tags")), *wanted.tags])
    chosen_image = wanted.image if wanted.image is not None else _str(defaults.get("image"))
    if chosen_image:
        metadata["image"] = checked_text("image", chosen_image)
    if site.draft_mark("draft" if "draft" in defaults else None)[0] == "published":
        if wanted.draft or defaults.get("published") is False:  # Jekyll and Hexo
            metadata["published"] = False
    else:
        metadata["draft"] = wanted.draft or defaults.get("draft") is True
    if _slug_key_needed(config, wanted, rel):
        metadata["slug"] = wanted.slug
    for key, value in defaults.items():
        metadata.setdefault(key, value)
    metadata = {mapped.get(key, key): value for key, value in metadata.items()}
    fm_format = (
        (template.fm_format if template else None)
        or config.front_matter
        or usual_format(archive, archive.names())
        or "yaml"
    )
    return dumps(metadata, template.body if template else body or "", fm_format)


def _from_generator_template(
    archive: Archive,
    config: Config,
    wanted: Wanted,
    rel: str,
    now: datetime,
    told: Told,
    path: Path,
    text: str,
) -> str:
    """The generator's template filled as the generator fills it (archetype.fill), then the
    article's fields written into it with fmedit, so that the rest stays as the site wrote it."""
    generator = config.generator
    folder, _, name = rel.rpartition("/")
    stem = name.rsplit(".", 1)[0]
    at = moment(wanted.day, now, now.tzinfo)
    filling = Filling(
        title=wanted.title,
        name=folder.rsplit("/", 1)[-1] if stem == "index" and folder else stem,
        file_name=stem,
        date=at.isoformat(timespec="seconds") if generator == "hugo" else f"{at:%Y-%m-%d %H:%M:%S}",
    )
    filled, left = fill(text, filling, generator)
    for action in left:
        told(f"{shown_path(path)}: {action.strip()} is left as written; fill it in")
    first_line = filled.removeprefix("\ufeff").split("\n", 1)[0].removesuffix("\r")
    if fence(first_line) is None:  # a template of a body only
        return _from_fields(archive, config, wanted, rel, told, body=filled)
    try:
        return _fill_fields(config, wanted, rel, filled)
    except UnsafeEdit as err:
        raise ConfigError(f"{shown_path(path)}: {err}") from None


def _fill_fields(config: Config, wanted: Wanted, rel: str, text: str) -> str:
    """`text` (a filled template) with the article's title, date, author, tags, image and
    draft mark written in, each under the key the template or the site spells it."""
    site = config.site
    present = keys(text)

    def spelled(field: str) -> str | None:
        for key in site.keys(field):
            for written in present:
                if written == key or (site.rules.ignore_case and written.lower() == key.lower()):
                    return written
        return None

    def key_for(field: str) -> str:
        return spelled(field) or site.keys(field)[0]

    text = set_scalar(text, key_for("title"), wanted.title)
    if spelled("date") is None:
        text = set_scalar(text, key_for("date"), wanted.day.isoformat())
    template_author = get_scalar(text, spelled("author") or key_for("author"))
    author = wanted.author if wanted.author is not None else config.author
    if author is None and not template_author:
        author = git_author()
    if author:
        text = set_scalar(text, key_for("author"), author)
    if wanted.tags:
        string_as = site.rules.tag_text
        old = get_list(text, key_for("tags"), string_as) or []
        text = set_list(text, key_for("tags"), unique_tags([*old, *wanted.tags]), string_as)
    if wanted.image is not None:
        text = set_scalar(text, key_for("image"), wanted.image)
    if wanted.draft:
        text = set_scalar(text, *site.draft_mark(spelled("draft")))
    if _slug_key_needed(config, wanted, rel):
        text = set_scalar(text, "slug", wanted.slug)
    return text


def _field_of(key: str, mapped: dict[str, str]) -> str:
    """actueel's name for a template key that `[fields]` maps (`categories` -> `tags`)."""
    return next((name for name, site_key in mapped.items() if site_key == key), key)


def _template(archive: Archive) -> Parsed | None:
    """`_template.md`, read for its defaults and body; ConfigError when it cannot be used."""
    try:
        data = archive.template()  # never one that leads outside the articles folder
    except ArticleProblem as err:
        raise ConfigError(f"{err}; see `actueel check`") from None
    if data is None:
        return None
    try:
        text = decode(data, "_template.md")
        fm_format, fm_text, fm_line, body = split(text)
        metadata = load(fm_format, fm_text, fm_line)
    except Located as err:
        where = f":{err.line}" if err.line else ""
        raise ConfigError(f"_template.md{where}: {err.message}") from None
    return Parsed(None, (), body, fm_format, metadata)


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _str_list(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


# --- init ----------------------------------------------------------------------------------


def no_settings_yet(path: Path) -> Path:
    """Where `init` writes actueel.toml in the site folder `path`; AlreadyExists when there is
    one."""
    config = path / CONFIG_NAME
    if config.exists():
        raise AlreadyExists(f"{config} already exists; edit it, or remove it to start again")
    return config


def posts_folder(path: Path, generator: str) -> str:
    """The site's posts folder, relative to the site folder `path`: the first of the generator's
    usual ones that exists (generators.POSTS_FOLDERS), else `articles`."""
    return next((name for name in POSTS_FOLDERS.get(generator, ()) if (path / name).is_dir()),
                "articles")  # fmt: skip


def new_site(path: Path, settings: Mapping[str, object]) -> bool:
    """Write actueel.toml with `settings` in the site folder `path`, and make its articles
    folder (`articles_dir`) when it is not there; whether folders were made. A failed or
    interrupted init leaves nothing behind."""
    folder = path / str(settings["articles_dir"])
    made = [f for f in (folder, *folder.parents) if not f.exists()]  # the folders it creates
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        _remove(made)
        raise ConfigError(f"cannot create {folder}: {err.strerror}") from None
    try:
        Archive(path).create(CONFIG_NAME, tomli_w.dumps(settings))
    except BaseException:  # a failed or interrupted init leaves nothing behind
        _remove(made)
        raise
    return bool(made)


def _remove(folders: list[Path]) -> None:
    """Remove the folders init made (innermost first), if they are still empty."""
    for folder in folders:
        with contextlib.suppress(OSError):
            folder.rmdir()
