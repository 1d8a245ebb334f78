"""Configuration: config.toml, environment overrides, clear errors, README agreement."""

from pathlib import Path

import pytest

from itucat.config import ConfigError, describe, load_config, with_overrides
from tests.shared_paths import REPO_ROOT


def test_defaults_without_a_file(tmp_path):
    config = load_config(tmp_path / "missing.toml", env={})
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
    config = load_config(tmp_path / "none.toml", env={
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


def test_shipped_config_file_loads_and_readme_documents_every_setting():
    config = load_config(REPO_ROOT / "config.toml", env={})
    assert config.crawler.delay >= 1.0
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for key, env, _default, _help in describe():
        assert f"`{key}`" in readme, f"README settings table misses {key}"
        assert f"`{env}`" in readme, f"README settings table misses {env}"
