"""The only code that touches the disk: where the articles are (places), and the archive itself
(archive): walking, reading through the index, atomic writes."""

from .archive import Archive, Change, Edit, Found, HeldSignals
from .places import (
    CONFIG_NAME,
    Config,
    cache_dir,
    detect_generator,
    find_config,
    load_last_shown,
    locate,
    read_config,
    save_last_shown,
    state_dir,
)
from .scan import IndexedScan, Progress, Scan

__all__ = [
    "CONFIG_NAME",
    "Archive",
    "Change",
    "Config",
    "Edit",
    "Found",
    "HeldSignals",
    "IndexedScan",
    "Progress",
    "Scan",
    "cache_dir",
    "detect_generator",
    "find_config",
    "load_last_shown",
    "locate",
    "read_config",
    "save_last_shown",
    "state_dir",
]
