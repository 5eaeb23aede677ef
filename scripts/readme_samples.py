"""Regenerate the terminal samples of README.md ("In a terminal") from what the program prints.

Each ```text block there follows a command line in backticks (`COLUMNS=80 emigre plan …`); the
block is that command's output, with the parts listed in CUTS replaced by one "… what is left
out …" line. tests/test_readme.py fails when a sample is not what this script writes, so the
README cannot drift from the program.

    python scripts/readme_samples.py
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SECTION = "## In a terminal"
#: A command line in backticks above a sample, e.g. `COLUMNS=80 emigre plan examples/x.toml`.
COMMAND = re.compile(r"^`((?:[A-Z_]+=\S+ )*emigre [^`]+)`")

#: Per command word: (first line cut, first line kept after the cut, the elision line), as
#: patterns; "after:" cuts from the line after the one matched. A cut whose first line is not
#: printed is skipped (the sample then shows that part whole).
CUTS: dict[str, list[tuple[str, str, str]]] = {
    "plan": [
        (r"^ 4 ", r"^\d+ more open routes", "   … routes 4 to 10 …"),
        (r"after:^Places to wait", r"^Open if the authority agrees", "   … the short stays …"),
        # the routes open only if others agree: the first one shown, the next four left out
        (
            r"after:^$",
            r"^\d+ more open only if others agree",
            "   … the next routes of this group …",
        ),
    ],
    "explain": [
        (
            r"^Timeline",
            r"^Spent until arrival",
            "… the timeline: steps with dates and costs, the road to permanent residence …",
        ),
        (
            r"^ +Money month by month",
            r"^Your next step",
            "… the money month by month (balance, locked, paid, income) …",
        ),
    ],
}


def run(command: str) -> list[str]:
    """The command's output lines in English (the locale variables cleared), from the root."""
    words = shlex.split(command)
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    while "=" in words[0]:
        key, value = words.pop(0).split("=", 1)
        env[key] = value
    if words[0] != "emigre":
        raise SystemExit(f"README.md: `{command}` is not an emigre command")
    res = subprocess.run(
        [sys.executable, "-m", "emigre", *words[1:]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if res.returncode != 0:
        raise SystemExit(f"README.md: `{command}` failed: {res.stderr.strip()}")
    return [line.rstrip() for line in res.stdout.splitlines()]


def excerpt(command: str, lines: list[str]) -> list[str]:
    """The output with each cut of its command replaced by its elision line."""
    out = list(lines)
    cursor = 0  # each cut looks below the one before it
    for first, resume, elision in CUTS.get(shlex.split(command.split("emigre ", 1)[1])[0], []):
        after = first.startswith("after:")
        pattern = first.removeprefix("after:")
        start = next((i for i in range(cursor, len(out)) if re.search(pattern, out[i])), None)
        if start is None:
            continue
        start += int(after)
        stop = next((i for i in range(start + 1, len(out)) if re.search(resume, out[i])), len(out))
        keep_blank = [""] if stop > start and out[stop - 1] == "" else []
        out[start:stop] = [elision, *keep_blank]
        cursor = start + 1 + len(keep_blank)
    return out


def render(text: str) -> str:
    """README.md with every sample of the section regenerated."""
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    end = len(text) if end < 0 else end
    lines = text[start:end].split("\n")
    out: list[str] = []
    command: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        if m := COMMAND.match(line):
            command = m.group(1)
        elif line.strip() == "```text" and command is not None:
            j = lines.index("```", i + 1)
            out.extend(excerpt(command, run(command)))
            out.append("```")
            command, i = None, j
        i += 1
    return text[:start] + "\n".join(out) + text[end:]


if __name__ == "__main__":
    README.write_text(render(README.read_text(encoding="utf-8")), encoding="utf-8")
