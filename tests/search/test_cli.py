"""The `itucat search` and `itucat index` commands, through the parsers they add."""

from __future__ import annotations

import json

import pytest

import itucat_cli
from itucat_cli import search as search_cli
from tests.search.catalogue import build_store


def run(argv: list[str], data_dir) -> int:
    return itucat_cli.main(["--data-dir", str(data_dir), *argv])


def test_other_commands_are_left_alone(tmp_path):
    assert itucat_cli.parser().parse_args(["export"]).func.__module__ != search_cli.__name__
    assert itucat_cli.parser().parse_args(["search", "x"]).func.__module__ == search_cli.__name__


def test_index_rebuild_update_status_and_search(tmp_path, capsys):
    assert run(["index", "rebuild"], tmp_path) == 2  # no catalogue yet
    assert "no catalogue" in capsys.readouterr().err
    assert run(["search", "x"], tmp_path) == 2
    assert "no catalogue" in capsys.readouterr().err
    build_store(tmp_path).close()
    assert run(["search", "x"], tmp_path) == 2  # a catalogue, no index yet
    assert "itucat index rebuild" in capsys.readouterr().err
    assert run(["index", "rebuild"], tmp_path) == 0
    assert "rebuild: documents=32" in capsys.readouterr().out
    assert run(["index", "update"], tmp_path) == 0
    assert "indexed=0" in capsys.readouterr().out
    assert run(["index", "status"], tmp_path) == 0
    assert "documents=32" in capsys.readouterr().out

    assert run(["search", "Y.3172"], tmp_path) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].startswith("  1. Y.3172")

    assert run(["search", "machine", "learning", "--json", "--filter", "type=Recommendation",
                "--filter", "sg=13"], tmp_path) == 0
    answer = json.loads(capsys.readouterr().out)
    assert {"total", "results", "facets", "suggestion"} <= set(answer)
    assert answer["total"] == 3 and answer["filters"] == {"type": ["Recommendation"],
                                                          "study_group": ["SG13"]}
    hit = answer["results"][0]
    assert set(hit) >= {"number", "title", "type", "status", "approval_date", "topics",
                        "regions", "developing_countries", "url"}
    assert set(hit["developing_countries"]) >= {"relevant", "source", "evidence"}


@pytest.mark.parametrize("argv", [["search", "x", "--filter", "nonsense"],
                                  ["search", "x", "--filter", "=y"]])
def test_a_malformed_filter_is_a_clear_error(small_catalogue, capsys, argv):
    assert run(argv, small_catalogue) == 2
    assert "KEY=VALUE" in capsys.readouterr().err


def test_text_output_shows_notices_suggestions_and_replacements(small_catalogue, capsys):
    assert run(["search", "machin", "lerning"], small_catalogue) == 0
    assert "Did you mean: machine learning" in capsys.readouterr().out
    assert run(["search", "dsl", "--filter", "status=all"], small_catalogue) == 0
    assert "replaced by G.Suppl.50" in capsys.readouterr().out
    assert run(["search", "telex"], small_catalogue) == 0
    assert "status=all" in capsys.readouterr().err
