"""Properties over any input: any title gives a valid slug or a clean error; any bytes in a
`.md` file give an article or a reported problem, never a crash."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import crash, examples
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_store import FILES
from typer.testing import CliRunner, Result

from actueel_cli.cli import app
from actueel_cli.model import SLUG_RE

# function-scoped fixtures are not reset between examples, so each example makes its own folder
SETTINGS = settings(
    max_examples=examples(80), suppress_health_check=[HealthCheck.function_scoped_fixture]
)
runner = CliRunner()


@contextmanager
def fresh_folder() -> Iterator[Path]:
    top = Path(tempfile.mkdtemp(prefix="actueel-prop-"))
    try:
        (top / "articles").mkdir()
        yield top / "articles"
    finally:
        shutil.rmtree(top)


def invoke(*args: str) -> Result:
    """The command in-process; an exception that is not an exit fails the test with its
    traceback (`crash`), whatever the exit code."""
    result = runner.invoke(app, list(args))
    assert crash(result) == ""
    return result


def one_error_line(stderr: str) -> bool:
    return stderr.startswith("Error: ") and stderr.count("\n") == 1


TITLES = (
    st.text()
    | st.text(st.characters(codec="utf-8"), max_size=400)
    | st.from_regex(r"[\x00-\x1f\x7f\[\]/\\.\-:#'\"!?&*|>%@` a-zA-Zéü0-9🎉]{0,40}", fullmatch=True)
)


@SETTINGS
@given(title=TITLES)
@example(title="no")
@example(title="1.10")
@example(title="10:00")
@example(title="null")
@example(title="2017-07-17")
@example(title="- lijst")
@example(title="key: value # comment")
@example(title="\ufeffBOM")
@example(title="\u2028")
@example(title="'")
@example(title="\udce9")
def test_any_title_gives_a_valid_slug_or_a_clean_error(title: str) -> None:
    with fresh_folder() as articles:
        result = invoke("--dir", str(articles), "--clock", "2020-01-01", "new", "--", title)
        files = os.listdir(articles)
        if result.exit_code == 0:
            assert len(files) == 1
            slug = files[0].removesuffix(".md")
            assert SLUG_RE.fullmatch(slug) and len(slug) <= 80
            assert result.stdout == f"{articles / files[0]}\n"
            listed = invoke("--dir", str(articles), "list", "--format", "json")
            assert listed.exit_code == 0 and listed.stderr == ""
            [record] = json.loads(listed.stdout)
            assert record["title"] == title.strip()
            assert record["slug"] == slug
        else:
            assert result.exit_code == 1
            assert one_error_line(result.stderr), result.stderr
            assert files == []


@SETTINGS
@given(data=FILES)
@example(data=b"+++\ntitle = 'A'\ndate = 0001-01-01T00:00:00-23:59\n+++\n")
def test_list_and_check_report_any_file(data: bytes) -> None:
    with fresh_folder() as articles:
        (articles / "goed.md").write_text("---\ntitle: Goed\ndate: 2020-01-01\n---\n")
        (articles / "x.md").write_bytes(data)
        for command in (["list", "--format", "json"], ["check", "--format", "json"], ["list"]):
            result = invoke("--dir", str(articles), "--clock", "2020-06-01", *command)
            assert result.exit_code in (0, 1), result.stderr
        listed = invoke("--dir", str(articles), "list", "--format", "json")
        assert "goed" in [a["slug"] for a in json.loads(listed.stdout)]
        checked = invoke("--dir", str(articles), "--clock", "2020-06-01", "check", "-f", "json")
        problems = json.loads(checked.stdout)
        x_listed = any(a["path"] == "x.md" for a in json.loads(listed.stdout))
        x_reported = any(p["path"] == "x.md" and p["severity"] == "error" for p in problems)
        assert x_listed or x_reported
        assert checked.exit_code == (1 if any(p["severity"] == "error" for p in problems) else 0)
