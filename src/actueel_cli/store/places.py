"""Where things are kept: the articles folder and its settings, the cache and the state folder.

Part of the store (the only code that touches the disk): this module finds the articles folder
(--dir, $ACTUEEL_DIR, actueel.toml, ./articles) and keeps the one piece of state `next` and
`prev` need, in the user's state folder, never in the articles folder.
"""

from __future__ import annotations

import contextlib
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from actueel_cli.errors import ConfigError

CONFIG_NAME = "actueel.toml"


# --- where the articles are ----------------------------------------------------------------


@dataclass(frozen=True)
class Config:
    articles_dir: Path
    author: str | None = None
    locale: str = "nl"
    front_matter: str = "yaml"
    source: Path | None = None  # the actueel.toml that was read, if any


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
    for key in ("articles_dir", "author", "locale", "front_matter"):
        if key in data and not isinstance(data[key], str):
            raise ConfigError(f"{path}: {key} must be text in quotes")
    if data.get("front_matter", "yaml") not in ("yaml", "toml"):
        raise ConfigError(f'{path}: front_matter must be "yaml" or "toml"')
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
    return Config(
        articles_dir=folder,
        author=_str(settings.get("author")),
        locale=_str(settings.get("locale")) or "nl",
        front_matter=_str(settings.get("front_matter")) or "yaml",
        source=config_path,
    )


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def cache_dir(env: dict[str, str]) -> Path:
    if env.get("ACTUEEL_CACHE_DIR"):
        return Path(env["ACTUEEL_CACHE_DIR"])
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("actueel"))


def state_dir(env: dict[str, str]) -> Path:
    if env.get("ACTUEEL_STATE_DIR"):
        return Path(env["ACTUEEL_STATE_DIR"])
    from platformdirs import user_state_dir

    return Path(user_state_dir("actueel"))


# --- where `next` and `prev` step from -------------------------------------------------------

LAST_SHOWN = "last-shown.json"


def save_last_shown(state: Path, root: Path, rel: str) -> None:
    """Remember the article last shown for this articles folder. Best effort: never fails, and
    leaves no temporary file behind when it cannot write (a full disk)."""
    import json

    from .archive import temp_file

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
    import json

    try:
        known = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    return known if isinstance(known, dict) else {}
