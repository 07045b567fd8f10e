"""The only code that touches the disk: where the articles are (places), the folder itself
(files: reads and safe writes; walk), the index made true to it (sync) and the catalog that
answers from it, and the use cases that write (new articles, a site, edits across many files)."""

from .batch import edit_many
from .catalog import Catalog, hints, open_catalog, tag_hints
from .files import Archive, Change, Edit
from .parsing import Progress
from .places import (
    CONFIG_NAME,
    Config,
    cache_dir,
    detect_generator,
    git_author,
    load_last_shown,
    locate,
    preview_dir,
    save_last_shown,
    settings_text,
    shown_path,
    state_dir,
)
from .temps import HeldSignals
from .walk import Found

__all__ = [
    "CONFIG_NAME",
    "Archive",
    "Catalog",
    "Change",
    "Config",
    "Edit",
    "Found",
    "HeldSignals",
    "Progress",
    "cache_dir",
    "detect_generator",
    "edit_many",
    "git_author",
    "hints",
    "load_last_shown",
    "locate",
    "open_catalog",
    "preview_dir",
    "save_last_shown",
    "settings_text",
    "shown_path",
    "state_dir",
    "tag_hints",
]
