"""Notes: Markdown rendered and sanitised; edits and deletions kept in the audit log."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from app.curate.markdown import render
from index.errors import CurationError
from tests.backends import BOTH
from tests.curate.test_tags import audit_rows
from tests.curate.test_workspace import XSS

BACKENDS = BOTH  # the store's tests: run on SQLite and PostgreSQL

MORE_XSS = [
    "<a href='java\tscript:alert(1)'>x</a>", "<a href='java&#9;script:alert(1)'>x</a>",
    "<a href='jav&#x0A;ascript:alert(1)'>x</a>", "<a href=' &#1;javascript:alert(1)'>x</a>",
    "<a href='&#106;avascript:alert(1)'>x</a>",
    "[x](vbscript:msgbox(1))", "<form action='https://evil.example'><input></form>",
    "<object data='x'></object>", "<embed src='x'>", "<math><mtext><script>1</script>",
    "<style>body{display:none}</style>", "<base href='https://evil.example/'>",
    "<meta http-equiv='refresh' content='0;url=https://evil.example'>",
    "![img](https://evil.example/x.png)", "<details open ontoggle=alert(1)>",
    "<!-- <script>alert(1)</script> -->", "```\n</code><script>alert(1)</script>\n```",
]


@pytest.mark.parametrize("payload", XSS + MORE_XSS)
def test_nothing_active_survives_rendering(payload):
    html = str(render(f"Text before {payload} text after"))
    page = BeautifulSoup(html, "html.parser")
    assert not page.select("script, style, iframe, object, embed, form, input, img, svg, "
                           "math, base, meta, link, details")
    for tag in page.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.startswith("on") and name != "style", (payload, html)
            if name == "href":  # as a browser parses it: tabs, newlines, edges dropped
                url = re.sub(r"[\t\n\r]", "", value).strip("\x00 \x01\x1f")
                scheme = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", url)
                assert scheme is None or scheme.group(1).lower() in {"http", "https",
                                                                     "mailto"}, html
    assert "<script" not in html.lower()


def test_markdown_keeps_what_notes_need():
    html = str(render("# Title\n\n**bold** *it* `code` [ITU](https://www.itu.int/)\n\n"
                      "- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"))
    for piece in ("<h3>Title</h3>", "<strong>bold</strong>", "<em>it</em>", "<code>code</code>",
                  '<a href="https://www.itu.int/" rel="nofollow noopener noreferrer">ITU</a>',
                  "<li>one</li>", "<td>1</td>"):
        assert piece in html


def test_notes_are_edited_and_hidden_never_erased(store):
    note = store.notes.add("Y.3172", "first", "curators", actor="ana")
    assert store.notes.of_document("Y.3172", curator=False) == []
    assert store.notes.edit(note, "second", "public", actor="bob") is True
    assert store.notes.edit(note, "second", "public", actor="bob") is False
    assert [n.body for n in store.notes.of_document("Y.3172", curator=False)] == ["second"]
    assert store.notes.delete(note, actor="ana") == "Y.3172"
    assert store.notes.of_document("Y.3172", curator=True) == []
    kept = store.notes.get(note)
    assert kept.body == "second" and kept.deleted_at and kept.author == "ana"
    entries = audit_rows(store)
    assert [e["action"] for e in entries] == ["note.add", "note.edit", "note.delete"]
    assert entries[1]["before"]["body"] == "first" and entries[1]["after"]["body"] == "second"
    with pytest.raises(CurationError):
        store.notes.edit(note, "again", "public", actor="ana")
    for body, visibility in (("", "public"), ("x", "world"), ("x" * 20_001, "public")):
        with pytest.raises(CurationError):
            store.notes.add("Y.3172", body, visibility, actor="ana")
    with pytest.raises(CurationError, match="unknown document"):
        store.notes.add("Z.999", "x", "public", actor="ana")
