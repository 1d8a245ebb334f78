"""The import rules ARCHITECTURE.md states, checked on every module of the five packages.

Each rule is a (who, may not import, except) line; a module's imports are read with `ast`
(imports inside functions count too), so a rule cannot be dodged by importing late.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.shared_paths import REPO_ROOT

PACKAGES = ("crawler", "index", "app", "itucat", "itucat_cli")


def _module(path: Path) -> str:
    parts = path.relative_to(REPO_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every name a file imports, absolute (`from a import b` counts as a.b)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


MODULES = {_module(p): _imports(p) for package in PACKAGES
           for p in sorted((REPO_ROOT / package).rglob("*.py"))}


def _under(name: str, prefix: str) -> bool:
    return not prefix or name == prefix or name.startswith(prefix + ".")


def offenders(who: str, forbidden: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """Modules under `who` importing something under `forbidden` (but not `allowed`)."""
    out = []
    for module, imports in MODULES.items():
        if not _under(module, who) or any(_under(module, a) for a in allowed):
            continue
        bad = sorted(i for i in imports if _under(i, forbidden)
                     and not any(_under(i, a) for a in allowed))
        if bad:
            out.append(f"{module}: {', '.join(bad)}")
    return out


# (who, may not import, except): the one-way arrows of ARCHITECTURE.md.
RULES = [
    ("itucat", "crawler", ()),
    ("itucat", "index", ()),
    ("itucat", "app", ()),
    ("itucat", "itucat_cli", ()),
    ("crawler", "app", ()),
    ("crawler", "itucat_cli", ()),
    ("crawler", "index.search", ()),
    ("index", "app", ()),
    ("index", "itucat_cli", ()),
    ("index", "crawler", ("crawler.urls",)),  # a leaf: ITU's addresses for the export
    ("index.tags", "index.store", ()),
    ("index.tags", "index.search", ()),
    ("index.store", "index.search", ()),
    ("app", "crawler", ()),
    ("app", "itucat_cli", ()),
]
# Libraries confined to the one module (or room) that owns them.
CONFINED = [
    ("sqlalchemy", ("index.store", "index.schema")),
    ("whoosh", ("index.search._whoosh",)),
    ("requests", ("crawler.fetch",)),
]


@pytest.mark.parametrize(("who", "forbidden", "allowed"), RULES,
                         ids=[f"{w}-not-{f}" for w, f, _ in RULES])
def test_arrows_point_one_way(who: str, forbidden: str, allowed: tuple[str, ...]) -> None:
    assert offenders(who, forbidden, allowed) == []


@pytest.mark.parametrize(("library", "owners"), CONFINED, ids=[c[0] for c in CONFINED])
def test_libraries_stay_in_their_room(library: str, owners: tuple[str, ...]) -> None:
    assert offenders("", library, owners) == [], f"{library} outside {owners}"


def test_search_has_one_door():
    """The site and the command line reach search only through index/search/__init__.py."""
    for who in ("app", "itucat_cli"):
        assert offenders(who, "index.search", ("index.search",)) == []
        deep = [f"{m}: {i}" for m, imports in MODULES.items() if _under(m, who)
                for i in imports if i.startswith("index.search.")
                and i.split(".")[2] not in _exported()]
        assert deep == [], "import from index.search itself"


def _exported() -> set[str]:
    import index.search

    return set(index.search.__all__)


def test_every_module_says_what_it_owns():
    missing = [m for m, _ in MODULES.items()
               if not ast.get_docstring(ast.parse(_source(m)))]
    assert missing == []


def _source(module: str) -> str:
    path = REPO_ROOT.joinpath(*module.split("."))
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    return path.read_text(encoding="utf-8")


def test_the_rules_are_the_ones_architecture_md_states():
    text = (REPO_ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for who, forbidden, _allowed in RULES:
        assert f"`{who}` ✗ `{forbidden}`" in text, f"ARCHITECTURE.md lacks {who} ✗ {forbidden}"
    for library, owners in CONFINED:
        assert f"`{library}` only in " + ", ".join(f"`{o}`" for o in owners) in text
