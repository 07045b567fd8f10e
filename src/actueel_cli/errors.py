"""Errors the user can act on. The message is written where the error is raised;
the CLI prints it on stderr and exits with `exit_code`. Anything else is a bug."""


class ActueelError(Exception):
    """Something the user can fix; the message says what and how. `details` are a few more
    lines for the user (the candidates of an ambiguous name), printed after the message."""

    exit_code = 1

    def __init__(self, message: str = "", details: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.details = details


class ConfigError(ActueelError):
    """The articles folder or actueel.toml cannot be used."""


class NotFound(ActueelError):
    """No article matches what was asked for."""


class AlreadyExists(ActueelError):
    """Writing would overwrite an existing file."""


class InvalidInput(ActueelError):
    """A title, slug, tag, date or option value that cannot be used."""


class ArticleProblem(ActueelError):
    """An article file that cannot be read or used."""


class UnsafeEdit(ActueelError):
    """The front matter is in a shape that cannot be edited without rewriting it."""


class WriteFailed(ActueelError):
    """A write did not happen; the original file is as it was."""


class EndOfArchive(ActueelError):
    """There is no newer or older article to step to."""


class Interrupted(ActueelError):
    """Ctrl-C (SIGINT) or SIGTERM stopped a command that writes; the message says what it left."""

    def __init__(self, message: str, signum: int) -> None:
        super().__init__(message)
        self.exit_code = 128 + signum  # as a shell reports a process ended by that signal


class Terminated(BaseException):
    """SIGTERM, raised in the main thread as Ctrl-C raises KeyboardInterrupt, so that a command
    stops the same way for both: files in hand finished or put back, temporary files removed.
    Not a KeyboardInterrupt: the pager lets Ctrl-C go to itself, but SIGTERM must end us."""

    signum = 15
