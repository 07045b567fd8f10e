"""Where things are kept: the articles folder and its settings, the cache and the state folder.

Part of the store (the only code that touches the disk): this module finds the articles folder
(--dir, $ACTUEEL_DIR, actueel.toml, ./articles) and keeps the one piece of state `next` and
`prev` need, in the user's state folder, never in the articles folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from actueel_cli.errors import ConfigError
from actueel_cli.generators import FIELDS, GENERATORS, Site

from .temps import temp_file

CONFIG_NAME = "actueel.toml"


# --- where the articles are ----------------------------------------------------------------


@dataclass(frozen=True)
class Config:
    articles_dir: Path
    author: str | None = None
    locale: str = "nl"
    front_matter: str | None = None  # of new articles; None: as most of the archive
    source: Path | None = None  # the actueel.toml that was read, if any
    new_path: str | None = None  # where `new` puts an article; None: as the archive does
    generator: str = "actueel"  # "hugo", "jekyll", "hexo", "eleventy", "astro" or "actueel"
    fields: dict[str, str] = field(default_factory=dict)  # actueel's field -> the site's key
    detected_from: Path | None = None  # the file that told the generator, when not set
    # for `build`: where the site goes (relative to the site folder), its address and title,
    # and whether raw HTML in bodies is kept
    output_dir: str = "public"
    base_url: str | None = None
    site_title: str = "Actueel"
    allow_html: bool = False

    @property
    def site_dir(self) -> Path:
        """The folder `build` works from: where actueel.toml is, else the articles folder's
        parent. The default output (public/) and the templates/ folder are found here."""
        return self.source.parent if self.source is not None else self.articles_dir.parent

    @property
    def site(self) -> Site:
        """How the articles are read: the generator's rules, the `[fields]` mapping."""
        return Site(self.generator, tuple(sorted(self.fields.items())), self.locale)


def find_config(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def read_config(path: Path) -> dict[str, object]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read the configuration: {err}") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML: {err}") from None
    for key in ("articles_dir", "author", "locale", "front_matter", "output_dir", "base_url",
                "site_title", "new_path"):  # fmt: skip
        if key in data and not isinstance(data[key], str):
            raise ConfigError(f"{path}: {key} must be text in quotes")
    if "allow_html" in data and not isinstance(data["allow_html"], bool):
        raise ConfigError(f"{path}: allow_html must be true or false (without quotes)")
    if data.get("front_matter", "yaml") not in ("yaml", "toml"):
        raise ConfigError(f'{path}: front_matter must be "yaml" or "toml"')
    if "new_path" in data:
        from actueel_cli.layout import check_pattern  # start-up: only when new_path is set

        problem = check_pattern(str(data["new_path"]))
        if problem is not None:
            raise ConfigError(f"{path}: {problem}")
    if "generator" in data and data["generator"] not in GENERATORS:
        names = ", ".join(f'"{g}"' for g in GENERATORS)
        raise ConfigError(f"{path}: generator must be one of {names}")
    fields = data.get("fields", {})
    if not isinstance(fields, dict):
        raise ConfigError(f'{path}: fields must be a table, e.g. [fields] then tags = "categories"')
    for name, key in fields.items():
        if name not in FIELDS:
            raise ConfigError(
                f"{path}: [fields] has {name!r}, which is not one of actueel's fields "
                f"({', '.join(FIELDS)})"
            )
        if not isinstance(key, str) or not key.strip():
            raise ConfigError(f"{path}: [fields] {name} must be a key in quotes, e.g. {name} = "
                              f'"{name}"')  # fmt: skip
    return data


def locate(dir_option: Path | None, cwd: Path, env: dict[str, str]) -> Config:
    """The articles folder: --dir, else $ACTUEEL_DIR, else actueel.toml's articles_dir, else
    ./articles. Settings come from the nearest actueel.toml in any case."""
    config_path = find_config(cwd)
    settings = read_config(config_path) if config_path else {}
    if dir_option is not None:
        folder, how = dir_option, "--dir"
    elif env.get("ACTUEEL_DIR"):
        folder, how = Path(env["ACTUEEL_DIR"]), "$ACTUEEL_DIR"
    elif config_path is not None and "articles_dir" in settings:
        folder = config_path.parent / str(settings["articles_dir"])
        how = f"articles_dir in {config_path}"
    else:
        folder, how = cwd / "articles", "./articles"
    folder = cwd / folder
    if not folder.is_dir():
        looked = (
            f"no articles folder at {folder} (from {how}); looked for --dir, $ACTUEEL_DIR, "
            f"articles_dir in {CONFIG_NAME} here or above, then ./articles"
        )
        raise ConfigError(f"{looked}. Give --dir PATH, or run `actueel init` to start one")
    generator = _str(settings.get("generator"))
    detected_from = None
    if generator is None:
        generator, detected_from = detect_generator(folder)
    fields = settings.get("fields", {})
    return Config(
        articles_dir=folder,
        author=_str(settings.get("author")),
        locale=_str(settings.get("locale")) or "nl",
        front_matter=_str(settings.get("front_matter")),
        new_path=_str(settings.get("new_path")),
        source=config_path,
        generator=generator,
        fields={name: key.strip() for name, key in fields.items()}
        if isinstance(fields, dict)
        else {},
        detected_from=detected_from,
        output_dir=_str(settings.get("output_dir")) or "public",
        base_url=_str(settings.get("base_url")),
        site_title=_str(settings.get("site_title")) or "Actueel",
        allow_html=settings.get("allow_html") is True,
    )


# --- which generator -------------------------------------------------------------------------

# What each generator keeps at the top of a site (its configuration files).
_HUGO = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json")
_HUGO_OLD = ("config.toml", "config.yaml", "config.yml", "config.json")  # with a content/ folder
_ASTRO = tuple(f"astro.config.{ext}" for ext in ("mjs", "js", "ts", "mts", "cjs", "cts"))
_ELEVENTY = (".eleventy.js", ".eleventy.cjs", *(f"eleventy.config.{ext}" for ext in
             ("js", "cjs", "mjs", "ts", "cts", "mts")))  # fmt: skip
SEARCH_UP = 5  # folders above the articles folder looked at: Astro's src/content/blog is 3


def detect_generator(folder: Path) -> tuple[str, Path | None]:
    """The generator of the site around `folder`, from the files it keeps at its top: Hugo's
    configuration (hugo.toml, or config.toml beside a content/ folder), Astro's
    astro.config.*, Eleventy's .eleventy.js or eleventy.config.*, Hexo's _config.yml beside a
    package.json and a source/ or scaffolds/ folder, Jekyll's _config.yml. Looks in `folder`
    and a few folders above it, nearest first; ("actueel", None) when none is found. Lists
    folders only: no file outside the articles folder is opened."""
    here = folder.resolve()
    for candidate in (here, *here.parents)[: SEARCH_UP + 1]:
        try:
            names = set(os.listdir(candidate))
        except OSError:
            continue
        found = _generator_in(candidate, names)
        if found is not None:
            return found
    return "actueel", None


def _generator_in(folder: Path, names: set[str]) -> tuple[str, Path] | None:
    def first(options: tuple[str, ...]) -> str | None:
        return next((name for name in options if name in names), None)

    hugo = first(_HUGO)
    if hugo is None and "content" in names:
        hugo = first(_HUGO_OLD) or ("config" if (folder / "config" / "_default").is_dir() else None)
    if hugo is not None:
        return "hugo", folder / hugo
    for generator, options in (("astro", _ASTRO), ("eleventy", _ELEVENTY)):
        name = first(options)
        if name is not None:
            return generator, folder / name
    jekyll = first(("_config.yml", "_config.yaml", "_config.toml"))
    if jekyll is not None:
        if "package.json" in names and ({"source", "scaffolds"} & names):
            return "hexo", folder / jekyll
        return "jekyll", folder / jekyll
    return None


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def folder_key(root: Path) -> str:
    """A short name for the articles folder `root` (wherever it is reached from), for what is
    kept of it elsewhere: its index, its preview site."""
    return hashlib.sha256(os.fsencode(root.resolve())).hexdigest()[:20]


def preview_dir(env: dict[str, str], root: Path) -> Path:
    """Where `preview` builds the site of the articles folder `root`: in the cache folder,
    never the site's own output folder."""
    return cache_dir(env) / f"preview-{folder_key(root)}"


def settings_text(config: Config) -> str:
    """actueel.toml as it is (empty without one): `build` rebuilds when it changes, since the
    articles may be read by settings the build itself does not use."""
    if config.source is None:
        return ""
    try:
        return config.source.read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""


def git_author() -> str | None:
    """The user's name as git knows it (`git config user.name`), for a new article's author
    and `init`'s default; None when git is missing or has none."""
    try:
        done = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def shown_path(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def cache_dir(env: dict[str, str]) -> Path:
    if env.get("ACTUEEL_CACHE_DIR"):
        return Path(env["ACTUEEL_CACHE_DIR"])
    from platformdirs import user_cache_dir  # start-up: not when a folder is set

    return Path(user_cache_dir("actueel"))


def state_dir(env: dict[str, str]) -> Path:
    if env.get("ACTUEEL_STATE_DIR"):
        return Path(env["ACTUEEL_STATE_DIR"])
    from platformdirs import user_state_dir  # start-up: not when a folder is set

    return Path(user_state_dir("actueel"))


# --- where `next` and `prev` step from -------------------------------------------------------

LAST_SHOWN = "last-shown.json"


def save_last_shown(state: Path, root: Path, rel: str) -> None:
    """Remember the article last shown for this articles folder. Best effort: never fails, and
    leaves no temporary file behind when it cannot write (a full disk)."""
    path = state / LAST_SHOWN
    with contextlib.suppress(OSError, ValueError):
        state.mkdir(parents=True, exist_ok=True)
        known = _read_state(path)
        known[str(root.resolve())] = rel
        fd, tmp = temp_file(state)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(known, handle, ensure_ascii=False)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def load_last_shown(state: Path, root: Path) -> str | None:
    found = _read_state(state / LAST_SHOWN).get(str(root.resolve()))
    return found if isinstance(found, str) else None


def _read_state(path: Path) -> dict[str, object]:
    """The state file's mapping; empty when it is missing or not what we wrote (damaged, or
    nested too deeply for Python's JSON reader)."""
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    return known if isinstance(known, dict) else {}
