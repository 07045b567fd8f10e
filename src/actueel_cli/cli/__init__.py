"""The command line: a Typer app over the store, the model and the renderer."""

from . import articles as _articles  # noqa: F401  (registers the commands)
from . import build as _build  # noqa: F401
from . import check as _check  # noqa: F401
from . import editing as _editing  # noqa: F401
from . import publishing as _publishing  # noqa: F401
from . import serve as _serve  # noqa: F401
from . import stats as _stats  # noqa: F401
from . import tags as _tags  # noqa: F401
from . import walk as _walk  # noqa: F401
from .app import app, main

__all__ = ["app", "main"]
