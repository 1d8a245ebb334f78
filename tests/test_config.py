"""Configuration: config.toml, environment overrides, clear errors, README agreement."""

import ast
import os
import tomllib
from pathlib import Path

import pytest

from itucat.config import ConfigError, describe, load_config, with_overrides
from tests.shared_paths import REPO_ROOT


def test_defaults_without_a_file(tmp_path, monkeypatch):
    monkeypatch.setattr("itucat.config.DEFAULT_CONFIG_FILE", tmp_path / "missing.toml")
    config = load_config(env={})
    assert config.crawler.delay == 1.0
    assert config.crawler.base_url == "https://www.itu.int"
    assert config.data_dir == Path("var")


def test_file_then_environment(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[crawler]\ndelay = 2.5\nrec_pages = false\n[store]\ndata_dir = "/d"\n')
    config = load_config(path, env={"ITUCAT_CRAWLER__DELAY": "3", "ITUCAT_DATA_DIR": "/e"})
    assert config.crawler.delay == 3.0
    assert config.crawler.rec_pages is False
    assert config.store.data_dir == "/e"


def test_explicit_store_variable_beats_data_dir_shortcut(tmp_path):
    config = load_config(Path(os.devnull), env={
        "ITUCAT_DATA_DIR": "/a", "ITUCAT_STORE__DATA_DIR": "/b"})
    assert config.store.data_dir == "/b"


@pytest.mark.parametrize(
    ("text", "env", "message"),
    [
        ("[crawler]\nnope = 1\n", {}, "unknown setting crawler.nope"),
        ("[crawler]\ndelay = 'slow'\n", {}, "crawler.delay"),
        ("", {"ITUCAT_CRAWLER__REC_PAGES": "maybe"}, "crawler.rec_pages"),
        ("[crawler\n", {}, "cannot read"),
    ],
)
def test_bad_values_are_config_errors(tmp_path, text, env, message):
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_config(path, env=env)


def test_overrides_skip_none():
    config = with_overrides(load_config(env={}), crawler={"delay": None, "base_url": "http://x"})
    assert config.crawler.delay == 1.0
    assert config.crawler.base_url == "http://x"


def _readme_settings() -> dict[str, tuple[str, str, str]]:
    """README's settings table: setting -> (environment variable, default, meaning)."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    rows = {}
    for line in readme.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[1].startswith("`ITUCAT_"):
            rows[cells[0].strip("`")] = (cells[1].strip("`"), cells[2].strip("`"), cells[3])
    return rows


def test_shipped_config_file_loads_and_readme_documents_every_setting():
    config = load_config(REPO_ROOT / "config.toml", env={})
    assert config.crawler.delay >= 1.0
    table = _readme_settings()
    for key, env, default, help_text in describe():
        assert key in table, f"README settings table misses {key}"
        assert table[key] == (env, default, help_text), f"README disagrees with the code: {key}"
    assert set(table) == {key for key, *_ in describe()}, "README documents unknown settings"


def test_config_toml_repeats_only_the_defaults():
    """config.toml shows the defaults; a value there that differs from the code's default
    would silently change every installation that ships the file."""
    shipped = tomllib.loads((REPO_ROOT / "config.toml").read_text(encoding="utf-8"))
    defaults = {key: ast.literal_eval(default) for key, _env, default, _help in describe()}
    for section, values in shipped.items():
        for name, value in values.items():
            assert f"{section}.{name}" in defaults, f"config.toml: unknown {section}.{name}"
            assert value == defaults[f"{section}.{name}"], f"config.toml: {section}.{name}"
