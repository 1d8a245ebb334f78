"""Finding 5: the tag CSV import is strict, and provenance is the importer's, never the file's."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from index.store.audit import AuditQuery
from index.tagcsv import import_tags
from index.tags.changes import TagChange

HEADER = "document_id,facet,value,action,reason"


def itucat(data_dir: Path, *args: str):
    return subprocess.run([str(Path(sys.executable).with_name("itucat")), "--data-dir",
                           str(data_dir), *args], capture_output=True, text=True,
                          env={**os.environ, "ITUCAT_CONFIG": str(data_dir / "none.toml")},
                          timeout=120)


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tags.csv"
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_an_unterminated_quote_is_an_error_not_a_long_reason(data_dir, store, tmp_path):
    path = _file(tmp_path, f'{HEADER}\nY.3172,region,africa,add,"regional pilots\n'
                           "L.1000,topic,e-waste,add,chargers\n"
                           "Y.3172,developing_countries,yes,set,LDC use\n")
    answer = itucat(data_dir, "tags", "import", str(path))
    assert answer.returncode == 2, answer.stdout
    assert "well-formed" in answer.stderr and "nothing imported" in answer.stderr
    assert "Traceback" not in answer.stderr
    assert store.tags.of_document("Y.3172") == [] and store.tags.of_document("L.1000") == []


def test_forged_provenance_is_not_recorded(data_dir, store, tmp_path):
    path = _file(tmp_path, f"{HEADER},curator,created_at\n"
                           "Y.3172,developing_countries,yes,set,LDC use,relAdmin,"
                           "1999-01-01T00:00:00+00:00\n")
    answer = itucat(data_dir, "tags", "import", str(path), "--as", "amina")
    assert answer.returncode == 0, answer.stderr
    (row,) = store.tags.of_document("Y.3172")
    assert row.curator == "amina" and not row.created_at.startswith("1999")
    public = store.notes.of_document("Y.3172", curator=False)
    assert public == []  # readers never see the claim
    (note,) = store.notes.of_document("Y.3172", curator=True)
    assert "relAdmin" in note.body and "1999-01-01" in note.body
    entries = store.audit.entries(AuditQuery(document="Y.3172"))
    assert {e.actor for e in entries} == {"amina"}


@pytest.mark.parametrize("row, problem", [
    ("Y.3172,region,africa,add,nul\x00inside,,", "control character"),
    ("Y.3172,region,africa,add,bell\x07,,", "control character"),
    ("Y.3172,region,africa,add,why,rel Admin,2026-01-01", "not a user name"),
    ("Y.3172,region,africa,add,why,ana,last tuesday", "not an ISO date"),
    ("Y.3172,region,africa,add", "fewer cells"),
    ('Y.3172,region,africa,add,"closed"then text,,', "well-formed"),
])
def test_every_field_is_validated(store, row, problem):
    text = f"{HEADER},curator,created_at\n{row}\nL.1000,topic,iot,add,fine,,\n"
    report = import_tags(store, io.StringIO(text, newline=""), actor="amina",
                         source="t.csv")
    assert not report.ok and any(problem in p for _, p in report.errors), report.errors
    assert store.tags.of_document("L.1000") == []


def test_unknown_columns_are_refused(store):
    report = import_tags(store, io.StringIO(f"{HEADER},secret\nY.3172,region,africa,add,r,x\n"),
                         actor="amina", source="t.csv")
    assert not report.ok and "unknown" in report.errors[0][1]


def test_trusted_callers_may_still_give_provenance(store):
    store.tags.apply([TagChange("Y.3172", "region", "africa", "add", "ana",
                                "2026-01-02T03:04:05+00:00")], actor="restore", reason="r")
    assert store.tags.of_document("Y.3172")[0].curator == "ana"
