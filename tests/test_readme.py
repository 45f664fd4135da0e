"""The README cannot drift from the code: every `timeline` command in its code blocks is parsed by
the CLI's argument parser, and run (in-process, against a database built once from the sample
corpus, in a scratch folder) unless it is listed as slow below; its Python example runs too."""
import os
import re
import shlex
import shutil
from pathlib import Path

import pytest

from flows.cli import build_parser
from flows.cli import main as cli

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PREFIXES = (".venv/bin/timeline ", "timeline ")
# Checked against the parser only: minutes of work, or data that is not in the repo.
PARSE_ONLY = {
    ("eval", "timeml"): "scores 183 TimeBank documents (minutes); ../shared/data may be absent",
    ("eval", "semeval2015"): "needs ../shared/data",
    ("eval", "meantime"): "needs ../shared/data",
    ("eval", "meantime-timex"): "needs ../shared/data (tests/test_meantime_timex.py runs it)",
    ("serve",): "polls until stopped",
    ("bench",): "minutes to hours of measurement (tests/test_bench.py runs small ones)",
    ("run", "inbox/"): "the 'Beyond one machine' examples need a Dask cluster or a shared Postgres "
                       "(tests/test_dask.py and tests/test_ducklake.py run them for real)",
}


def code_blocks(langs=("sh", "bash", "console", "")):
    """(language, body) of every fenced block of a shell language; fences are paired in order."""
    blocks = re.findall(r"^```(\w*)\n(.*?)^```", README.read_text(encoding="utf-8"), re.M | re.S)
    return [(lang, body) for lang, body in blocks if lang in langs]


def readme_commands() -> list[str]:
    lines = []
    for _, body in code_blocks():
        for line in body.splitlines():
            line = line.strip()
            if line.startswith(PREFIXES):
                lines.append(line)
    return lines


def argv_of(line: str) -> list[str]:
    """shell words after `timeline`, with "$(cat FILE)" replaced by the file's text and comments cut."""
    line = re.sub(r'"\$\(cat ([^)]+)\)"', lambda m: shlex.quote((ROOT / m[1]).read_text(encoding="utf-8")), line)
    words = shlex.split(line, comments=True)
    return words[1:]


def parse_only_reason(argv):
    for key, why in PARSE_ONLY.items():
        if tuple(argv[:len(key)]) == key:
            return why
    return None


def test_readme_has_commands_for_every_subcommand():
    commands = readme_commands()
    assert len(commands) >= 15
    used = {argv_of(c)[0] for c in commands}
    assert {"run", "show", "query", "export", "report", "eval", "tag"} <= used
    examples = sorted(p.name for p in (ROOT / "sql" / "queries" / "examples").glob("*.sql"))
    assert examples
    for name in examples:
        assert f"sql/queries/examples/{name}" in README.read_text(encoding="utf-8"), f"{name} is not in the README"


@pytest.mark.parametrize("line", readme_commands())
def test_readme_command_parses(line):
    try:
        args = build_parser().parse_args(argv_of(line))
    except SystemExit as e:
        pytest.fail(f"the CLI rejects this README command ({e}): {line}")
    assert callable(args.func)


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """A folder that looks like the checkout (examples/, sql/) plus the small input files the README names."""
    for name in ("examples", "sql"):
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / "a.txt").write_text("The ministers met on April 11, 2025 in Tokyo.", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ntitle: B\npublished_at: 2025-05-02\n---\nTalks resume on 6 May.\n",
                                   encoding="utf-8")
    (tmp_path / "dump.jsonl").write_text('{"id": "d1", "text": "A summit was held on March 3, 2025.", '
                                         '"published_at": "2025-03-04"}\n', encoding="utf-8")
    (tmp_path / "dates.jsonl").write_text('{"path": "a.txt", "published_at": "2025-04-12"}\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "160")
    return tmp_path


@pytest.mark.flow
def test_every_readme_command_runs(prefect_harness, scratch, capsys):
    ran, checked = [], []
    commands = readme_commands()
    # the first command that loads the sample corpus builds the database the others read
    first = next(i for i, c in enumerate(commands) if argv_of(c)[:2] == ["run", "examples/seeds"])
    order = [commands[first]] + commands[:first] + commands[first + 1:]
    made = set()
    for line in order:
        argv = argv_of(line)
        if parse_only_reason(argv):
            checked.append(line)
            continue
        # outputs go to the scratch folder; a file written twice by two README lines is fine
        for flag in ("--out", "--screenshot"):
            if flag in argv:
                path = scratch / Path(argv[argv.index(flag) + 1]).name
                argv[argv.index(flag) + 1] = str(path)
                if path in made:
                    argv.append("--force")
                made.add(path)
        code = cli(argv)
        out = capsys.readouterr()
        assert code == 0, f"README command failed ({code}): {line}\n{out.out[-2000:]}\n{out.err[-2000:]}"
        ran.append(line)
    assert len(ran) >= 15, ran
    assert (scratch / "timeline.duckdb").is_file() and (scratch / "timeline.html").is_file()
    assert (scratch / "april.png").read_bytes()[:4] == b"\x89PNG"

    # the Python example
    python = [body for lang, body in re.findall(r"^```(python)\n(.*?)^```", README.read_text(encoding="utf-8"),
                                                 re.M | re.S)]
    assert python
    for body in python:
        exec(compile(body, "README.md", "exec"), {})
    assert "source(s)" in capsys.readouterr().out
