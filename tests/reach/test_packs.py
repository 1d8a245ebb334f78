"""Offline packs: size shown before download, reproducible bytes (site and command line
alike), the catalogue date, relative links that resolve inside the ZIP, six languages."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

from bs4 import BeautifulSoup

from tests.crawl_helpers import run_cli
from tests.reach.conftest import FILES, post


def _zip(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def test_pack_page_shows_the_size_before_download(client):
    page = BeautifulSoup(client.get("/packs?topic=ai-ml").text, "lxml")
    link = page.select_one("a.button")["href"]
    shown = page.select_one("#pack-size").get_text()
    data = client.get(link).data
    assert shown == f"{round(len(data) / 1000)} kB" or shown.endswith("MB")
    body = client.get("/packs?topic=ai-ml&format=json").get_json()["pack"]
    assert body["bytes"] == len(data) and body["documents"] >= 3
    english = next(t for t in body["downloads"] if (t["language"], t["format"]) == (
        "English", "PDF"))
    assert english["files"] >= 1 and english["bytes"] >= 1_234_567
    assert "/packs?" in client.get("/search?q=machine+learning").text


def test_packs_are_reproducible_and_carry_the_catalogue_date(app, client, reach_dir):
    one = client.get("/packs/download?q=machine+learning").data
    two = client.get("/packs/download?q=machine+learning").data
    assert one == two
    app.extensions["itucat_catalogue"].store  # noqa: B018
    import shutil

    for folder in (reach_dir / "packs",):
        shutil.rmtree(folder)  # built again from scratch: the same bytes
    assert client.get("/packs/download?q=machine+learning").data == one
    archive = _zip(one)
    names = archive.namelist()
    assert names == sorted(names)
    date = json.loads(archive.read("catalogue.json"))["catalogue_date"]
    stamp = tuple(int(x) for x in re.findall(r"\d+", date)[:5])
    assert {info.date_time[:5] for info in archive.infolist()} == {stamp}
    proc = run_cli(reach_dir, "pack", "machine", "learning", "-o", str(reach_dir / "cli.zip"))
    assert proc.returncode == 0, proc.stderr
    assert (reach_dir / "cli.zip").read_bytes() == one  # the command line makes the same pack
    assert "documents=" in proc.stdout and f"catalogue_date={date}" in proc.stdout


def test_pack_contents_work_offline(client):
    archive = _zip(client.get("/fr/packs/download?topic=ai-ml").data)
    names = set(archive.namelist())
    assert {"index.html", "catalogue.csv", "catalogue.json", "assets/site.css",
            "README.txt"} <= names
    index = BeautifulSoup(archive.read("index.html"), "lxml")
    assert index.html["lang"] == "fr" and "Catalogue de l'UIT-T" in index.get_text()
    for doc_page in [n for n in names if n.startswith("documents/")]:
        page = BeautifulSoup(archive.read(doc_page), "lxml")
        for tag, attr in (("a", "href"), ("link", "href")):
            for node in page.find_all(tag):
                target = node[attr]
                if target.startswith("https://www.itu.int"):
                    continue  # ITU's downloads
                assert not re.match(r"[a-z]+:|/", target), (doc_page, target)
                resolved = re.sub(r"[^/]+/\.\./", "", "documents/" + target)
                assert resolved in names, (doc_page, target)
    for node in index.find_all("a"):
        assert node["href"] in names, node["href"]
    rows = list(csv.DictReader(io.StringIO(archive.read("catalogue.csv").decode())))
    y = next(r for r in rows if r["number"] == "Y.3172")
    assert "1234567" in y["files"] and y["page"] == "documents/Y.3172.html"
    page = archive.read("documents/Y.3172.html").decode()
    assert "1,2\u202fMo" in page  # sizes, in French
    assert len(re.findall(r"https://www\.itu\.int/rec/dologin_pub", page)) == len(
        FILES["Y.3172"])


def test_collection_pack_and_bad_requests(curator, client, reach_dir):
    assert post(curator, "/curate/collections", title="Numbering for regulators").status_code \
        == 302
    for number in ("E.164", "D.1"):
        post(curator, "/curate/collections/numbering-for-regulators", action="add",
             number=number, note=f"Why {number} matters")
    data = client.get("/packs/download?collection=numbering-for-regulators").data
    archive = _zip(data)
    index = archive.read("index.html").decode()
    assert index.index("E.164") < index.index("D.1") and "Why E.164 matters" in index
    assert client.get("/packs?collection=nope").status_code == 404
    assert client.get("/packs?page=abc").status_code == 400
    missing = run_cli(reach_dir, "pack", "--collection", "nope", "-o", str(reach_dir / "x.zip"))
    assert missing.returncode == 2 and "no such collection" in missing.stderr
    assert "Traceback" not in missing.stderr and not (reach_dir / "x.zip").exists()
