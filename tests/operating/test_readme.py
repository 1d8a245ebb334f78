"""Issue 12, point 19: README says who the catalogue is for and lists every command.

The commands table is compared with the real parser, so a command added without a line in
README fails here; the demo's duration is said with the machine it was measured on.
"""

from __future__ import annotations

import re

import itucat_cli
from tests.shared_paths import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end > 0 else None]


def test_the_first_paragraph_says_who_the_catalogue_is_for():
    first = README.split("\n\n", 2)[1]  # after the title
    for reader in ("engineers", "regulators", "developing countries", "curators"):
        assert reader in first, reader
    assert "Arabic" in first and "slow" in first


def test_the_first_two_commands_are_still_make_demo_and_make_test():
    block = README.split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    assert [line.split("#")[0].strip() for line in block] == ["make demo", "make test"]
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^demo:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def test_every_command_of_the_parser_has_a_row_in_the_commands_table():
    table = _section("Commands")
    root = itucat_cli.parser()
    commands = next(a for a in root._actions if a.dest == "command").choices
    missing = [name for name in commands if f"`itucat {name}" not in table]
    assert missing == []
    for option in ("--password-stdin", "--init", "-v", "--config FILE", "no catalogue in DIR"):
        assert option in table, option


def test_the_demo_duration_is_a_measurement_with_its_machine():
    demo = README[README.index("`make demo` needs"):README.index("## Production")]
    assert "about 2 minutes" not in demo
    assert re.search(r"\d+ min \d+ s", demo) and "2-core" in demo and "depends on" in demo
