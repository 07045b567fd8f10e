"""Typer's parameter conversion without Pydantic, for the plain values our commands take.

Typer 0.29 converts every parameter's value, given or not, through a Pydantic TypeAdapter built
on first use: importing Pydantic and building the adapters costs 0.2 s on each command, more
than listing 10,000 articles from the index. `install()` puts a converter in front that handles
what needs no Pydantic, the same way Typer does it (a missing value, text, a list of texts,
whole numbers written in digits within their range, choices and paths through Typer's own
helpers), and hands everything else to Typer's own conversion, which then gives its own
errors. If Typer's internals are not what this expects, nothing is changed.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin


def install() -> bool:
    """Put the quick converter in front of Typer's. False if this Typer is not the expected one."""
    try:
        from typer import _coercion, _param_types, core
    except ImportError:
        return False
    parameter = getattr(core, "_TyperParameter", None)
    build = getattr(_coercion, "build_runtime_param", None)
    choice = getattr(_param_types, "coerce_cli_choice", None)
    path = getattr(_param_types, "coerce_cli_path", None)
    if parameter is None or not all((build, choice, path)):
        return False
    if not hasattr(parameter, "get_runtime_param") or getattr(parameter, "_actueel_quick", False):
        return False

    def get_runtime_param(self: Any) -> Any:
        if getattr(self, "_runtime_param", None) is None:
            self._runtime_param = _Quick(self.type_descriptor, build, choice, path)
        return self._runtime_param

    parameter.get_runtime_param = get_runtime_param
    parameter._actueel_quick = True
    return True


class _Quick:
    """Converts what it can as Typer would; asks Typer (and Pydantic) for the rest."""

    def __init__(self, descriptor: Any, build: Any, choice: Any, path: Any) -> None:
        self.descriptor = descriptor
        self.build, self.choice, self.path = build, choice, path
        self.typer: Any = None
        info = descriptor.parameter_info
        self.plain = getattr(info, "parser", None) is None and not getattr(info, "clamp", False)

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        multi = param.multiple or param.nargs == -1
        if value is None:  # not given: Typer gives this without looking at the type
            return () if multi else None
        if self.plain:
            done = self._quick(value, multi, param, ctx)
            if done is not _NO:
                return done
        if self.typer is None:
            self.typer = self.build(self.descriptor)
        return self.typer.coerce(value, param=param, ctx=ctx)

    def _quick(self, value: Any, multi: bool, param: Any, ctx: Any) -> Any:
        annotation = self.descriptor.annotation
        info = self.descriptor.parameter_info
        if multi:
            texts = get_origin(annotation) is list and get_args(annotation) == (str,)
            if texts and isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
                return list(value)
            return _NO
        if annotation is str and isinstance(value, str):
            return value
        if annotation is int and isinstance(value, str) and value.isascii() and value.isdigit():
            number = int(value)
            low, high = getattr(info, "min", None), getattr(info, "max", None)
            if (low is None or number >= low) and (high is None or number <= high):
                return number
            return _NO  # out of range: Typer says so in its own words
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            try:
                return self.choice(
                    value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx
                )
            except ValueError:
                return _NO
        if annotation is Path and isinstance(value, str) and value:
            if getattr(info, "path_type", None) not in (None, Path):
                return _NO
            return self.path(Path(value), info, path_type=Path, param=param, ctx=ctx)
        return _NO


_NO = object()  # "not handled here"
