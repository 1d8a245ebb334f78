"""Operations: the backup drill. Back up while the site is read and curators write, restore
into a fresh data directory, and find the same search answers and curator tags."""

from __future__ import annotations

import itertools
import threading
import time
import urllib.request

from werkzeug.serving import make_server

import itucat_cli
from index.search import SearchService
from index.store import Store
from index.store.backup import check_backup
from index.tags.changes import TagChange

QUERIES = [("", {"developing_countries": ["yes"]}), ("iot", {}), ("energy", {}),
           ("", {"region": ["africa"]}), ("Y.3172", {})]


def _answers(data_dir):
    service = SearchService(data_dir, cache_size=0)
    try:
        return [[(h["number"], h["developing_countries"]["relevant"],
                  sorted(t["id"] for t in h["regions"]))
                 for h in service.search(q, f, per_page=50)["results"]] for q, f in QUERIES]
    finally:
        service.close()


def _tags(data_dir):
    store = Store.open(data_dir)
    try:
        return [(t.document_id, t.facet, t.value, t.action, t.curator, t.created_at)
                for t in store.tags.all()]
    finally:
        store.close()


def test_backup_under_load_then_restore_into_a_fresh_data_dir(app, web_dir, tmp_path, capsys):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    stop = threading.Event()
    errors: list[str] = []

    def read():
        for path in itertools.cycle(["/search?q=iot", "/documents/Y.3172", "/",
                                     "/api/v1/search?q=energy&dc=yes"]):
            if stop.is_set():
                return
            try:
                with urllib.request.urlopen(base + path, timeout=20) as answer:
                    answer.read()
            except OSError as exc:
                errors.append(f"{path}: {exc}")

    def write():
        store = Store.open(web_dir)
        ids = [d for d in store.documents.ids() if not d.startswith("T-")][:20]
        try:
            for n in itertools.count():
                if stop.is_set():
                    return
                doc = ids[n % len(ids)]
                region = ("africa", "europe", "americas")[n % 3]
                store.tags.apply([TagChange(doc, "region", region, "add" if n % 2 else
                                            "remove")], actor="cy", reason=f"change {n}")
        finally:
            store.close()

    workers = [threading.Thread(target=read) for _ in range(3)] + [threading.Thread(
        target=write)]
    for worker in workers:
        worker.start()
    try:
        while len(_tags(web_dir)) < 5:
            time.sleep(0.05)
        status = itucat_cli.main(["--data-dir", str(web_dir), "backup",
                                  str(tmp_path / "under-load.sqlite")])
        assert status == 0, capsys.readouterr().err
    finally:
        stop.set()
        for worker in workers:
            worker.join(30)
        server.shutdown()
    assert errors == []
    taken = check_backup(tmp_path / "under-load.sqlite")
    assert taken.ok and taken.audit_entries >= taken.counts["tags"] >= 5, taken.problems

    # The drill: a quiet backup, restored into a fresh data directory, answers the same.
    assert itucat_cli.main(["--data-dir", str(web_dir), "backup", str(tmp_path)]) == 0
    (quiet,) = [p for p in tmp_path.glob("catalogue-*.sqlite")]
    fresh = tmp_path / "fresh"
    assert itucat_cli.main(["--data-dir", str(fresh), "restore", str(quiet)]) == 0
    from index.search import paths_for, rebuild

    store = Store.open(web_dir)
    rebuild(store, paths_for(web_dir))  # the live index with every change the writer made
    store.close()
    assert _tags(fresh) == _tags(web_dir)
    assert _answers(fresh) == _answers(web_dir)
    # The under-load copy restores as well, with its audit chain intact.
    again = tmp_path / "again"
    assert itucat_cli.main(["--data-dir", str(again), "restore",
                            str(tmp_path / "under-load.sqlite"), "--no-index"]) == 0
    restored = Store.open(again)
    try:
        assert restored.audit.verify().ok
    finally:
        restored.close()


def test_restore_refuses_a_damaged_backup_and_keeps_the_store(web_dir, tmp_path, capsys):
    assert itucat_cli.main(["--data-dir", str(web_dir), "backup",
                            str(tmp_path / "copy.sqlite")]) == 0
    damaged = tmp_path / "copy.sqlite"
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2: len(data) // 2 + 4096] = b"\xff" * 4096
    damaged.write_bytes(bytes(data))
    before = _tags(web_dir)
    status = itucat_cli.main(["--data-dir", str(web_dir), "restore", str(damaged)])
    assert status == 2 and "not restored" in capsys.readouterr().err
    assert _tags(web_dir) == before
    not_a_store = tmp_path / "notes.txt"
    not_a_store.write_text("hello", encoding="utf-8")
    assert itucat_cli.main(["--data-dir", str(web_dir), "restore", str(not_a_store)]) == 2
