"""Finding 9: 401 JSON for JSON clients, base_url in every absolute link, one export order."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from app import create_app
from index.export import write_csv, write_jsonl
from index.store import Store
from itucat.config import load_config, with_overrides
from tests.backends import postgres_copy, require_postgres

PUBLIC = "https://catalogue.example.org"


@pytest.fixture(scope="module")
def site_dir(site_catalogue: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("smaller") / "data"
    shutil.copytree(site_catalogue, target)
    return target


def test_exports_are_the_same_file_on_sqlite_and_postgresql(site_dir):
    require_postgres()
    outputs = {}
    with postgres_copy(site_dir) as url:
        for name, database_url in (("sqlite", ""), ("postgresql", url)):
            store = Store.open(site_dir, database_url)
            try:
                for writer in (write_jsonl, write_csv):
                    buffer = io.StringIO()
                    writer(store, buffer)
                    outputs[name, writer.__name__] = buffer.getvalue()
            finally:
                store.close()
    assert outputs["sqlite", "write_jsonl"] == outputs["postgresql", "write_jsonl"]
    assert outputs["sqlite", "write_csv"] == outputs["postgresql", "write_csv"]
    assert '"related_to": ["D.67", "D.67/F.67"]' in outputs["sqlite", "write_jsonl"]


def test_json_clients_get_401_json_on_every_curator_address(site_dir):
    app = create_app(with_overrides(load_config(env={}), store={"data_dir": str(site_dir)}),
                     TESTING=True, SECRET_KEY="x")
    client = app.test_client()
    token = client.get("/auth/sign-in").text.split('name="csrf_token" type="hidden" value="')
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(("/curate", "/auth/password")) or "static" in rule.rule:
            continue
        path = rule.rule.replace("<path:number>", "Y.3172").replace("<int:note_id>", "1")
        path = path.replace("<batch_id>", "b1").replace("<name>", "cy").replace(
            "<action>", "disable")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            data = {"csrf_token": token[1].split('"')[0]} if len(token) > 1 else {}
            answer = client.open(path + "?format=json", method=method, data=data)
            assert answer.status_code == 401, (method, path, answer.status_code)
            assert answer.get_json()["code"] == "auth.sign_in_required", (method, path)


def test_absolute_links_use_base_url_never_the_host_header(site_dir):
    config = with_overrides(load_config(env={}), store={"data_dir": str(site_dir)},
                            app={"base_url": PUBLIC + "/"})
    client = create_app(config, TESTING=True, SECRET_KEY="x").test_client()
    evil = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    for path in ("/sitemap.xml", "/opensearch.xml", "/api/v1/openapi.json",
                 "/search.atom?q=energy", "/api/v1/search?q=energy", "/robots.txt",
                 "/api/v1/documents/L.1021", "/search.json?q=energy", "/search.csv?q=energy"):
        answer = client.get(path, headers=evil)
        assert answer.status_code == 200, path
        body = answer.get_data(as_text=True)
        assert "evil.example" not in body, path
        assert PUBLIC in body, path
