"""The only code that touches the disk: where the articles are (places), and the archive itself
(archive): walking, reading through the index, atomic writes."""

from .archive import (
    Archive,
    Change,
    Edit,
    Entry,
    Progress,
    Scan,
)
from .places import (
    CONFIG_NAME,
    Config,
    cache_dir,
    find_config,
    load_last_shown,
    locate,
    read_config,
    save_last_shown,
    state_dir,
)

__all__ = [
    "CONFIG_NAME",
    "Archive",
    "Change",
    "Config",
    "Edit",
    "Entry",
    "Progress",
    "Scan",
    "cache_dir",
    "find_config",
    "load_last_shown",
    "locate",
    "read_config",
    "save_last_shown",
    "state_dir",
]
