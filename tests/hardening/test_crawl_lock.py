"""Operations: with one PostgreSQL store for several nodes, only one node crawls at a time."""

from __future__ import annotations

import itucat_cli
from index.store import Store
from tests.backends import fresh_database


def test_the_crawl_lock_is_held_in_the_store(tmp_path, monkeypatch, capsys):
    crawl = ["crawl", "--base-url", "http://127.0.0.1:9", "--delay", "0"]
    with fresh_database() as url:
        monkeypatch.setenv("ITUCAT_STORE__DATABASE_URL", url)
        other_node = Store.open(tmp_path / "node-a", url)
        try:
            with other_node.runs.exclusive() as got:
                assert got
                status = itucat_cli.main(["--data-dir", str(tmp_path / "node-b"), *crawl])
                assert status == 3
                assert "held in the store" in capsys.readouterr().err
            # Released: this node may crawl (here it fails on the unreachable host: 2).
            assert itucat_cli.main(["--data-dir", str(tmp_path / "node-b"), *crawl]) == 2
        finally:
            other_node.close()
