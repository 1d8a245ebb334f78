"""The JSON API: every endpoint, every error, and the OpenAPI description."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from tests.app.catalogue import CURATED


@pytest.fixture(scope="module")
def spec(app):
    response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def conforms(spec: dict, name: str, body: dict) -> None:
    """Check a response body against one of the OpenAPI component schemas."""
    schema = {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
    errors = list(Draft202012Validator(schema).iter_errors(body))
    assert not errors, [e.message for e in errors[:3]]


def test_openapi_document_validates(spec):
    validate(spec)
    assert spec["servers"][0]["url"].endswith("/api/v1")
    assert {"/search", "/documents/{number}", "/topics", "/regions", "/study-groups",
            "/types", "/status"} <= set(spec["paths"])


def test_search_with_facets(client, spec):
    body = client.get("/api/v1/search?q=e-waste&per_page=5").get_json()
    conforms(spec, "SearchAnswer", body)
    assert body["ok"] is True and body["total"] > 0 and len(body["results"]) <= 5
    assert {"type", "topic", "region", "study_group", "status", "year", "language",
            "developing_countries"} <= set(body["facets"])
    assert body["results"][0]["page"].startswith("http://localhost/documents/")


def test_search_filters_and_paging(client):
    body = client.get("/api/v1/search?region=africa&dc=yes&sort=newest&page=1").get_json()
    assert body["filters"]["region"] == ["africa"]
    assert all(hit["developing_countries"]["relevant"] for hit in body["results"])


def test_document(client, spec):
    body = client.get("/api/v1/documents/L.1700").get_json()
    conforms(spec, "DocumentAnswer", body)
    doc = body["document"]
    assert doc["number"] == "L.1700" and doc["editions"][0]["files"]
    assert doc["topics"][0]["source"] == "rule" and "evidence" in doc["topics"][0]
    curated = client.get(f"/api/v1/documents/{CURATED}").get_json()["document"]
    assert curated["developing_countries"]["source"] == "curator"
    assert curated["developing_countries"]["curator"]["who"] == "amina"


@pytest.mark.parametrize("dimension,key", [("topics", "topics"), ("regions", "regions"),
                                           ("study-groups", "study_groups"),
                                           ("types", "types")])
def test_lists(client, spec, dimension, key):
    body = client.get(f"/api/v1/{dimension}").get_json()
    assert body["ok"] is True and body[key]
    value = spec["components"]["schemas"]["Value"]
    Draft202012Validator(value).validate(body[key][0])
    assert client.get(body[key][0]["page"].replace("http://localhost", "")).status_code == 200


def test_status(client, spec):
    body = client.get("/api/v1/status").get_json()
    conforms(spec, "Status", body)
    assert body["runs"][0]["command"] == "crawl"


@pytest.mark.parametrize("path,status", [
    ("/api/v1/documents/Z.99999", 404), ("/api/v1/nothing", 404), ("/api/v2/search", 404),
    ("/api/v1/search?page=0", 400), ("/api/v1/search?page=x", 400),
    ("/api/v1/search?per_page=1000", 400), ("/api/v1/search?per_page=x", 400),
    ("/api/v1/search?sort=sideways", 400),
    ("/api/v1/search?topic=" + "&topic=".join(["x"] * 25), 400),
])
def test_errors_are_json(client, spec, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    conforms(spec, "Error", body)
    assert body["ok"] is False and body["error"]


def test_method_not_allowed_is_json(client):
    response = client.post("/api/v1/search")
    assert response.status_code in (400, 405)  # 400 when the curators' CSRF check runs first
    assert response.get_json()["ok"] is False


def test_unknown_filter_values_become_notices(client):
    body = client.get("/api/v1/search?topic=atlantis").get_json()
    assert body["ok"] and body["total"] == 0 and body["notices"]


@pytest.mark.parametrize(("page", "api"), [
    ("/search?q=e-waste", "/api/v1/search?q=e-waste"),
    (f"/documents/{CURATED}", f"/api/v1/documents/{CURATED}"),
    ("/topics", "/api/v1/topics"),
    ("/status", "/api/v1/status"),
])
def test_every_page_has_the_same_json_twin_as_the_api(client, page, api):
    """One twin mechanism: a page asked for JSON answers what its /api/v1 address does."""
    by_format = client.get(page + ("&" if "?" in page else "?") + "format=json")
    by_accept = client.get(page, headers={"Accept": "application/json"})
    expected = client.get(api).get_json()
    assert by_format.status_code == 200 and by_format.get_json() == expected
    assert by_accept.get_json() == expected


def test_errors_have_one_shape_everywhere(client):
    for path in ("/api/v1/documents/Z.99999", "/documents/Z.99999?format=json",
                 "/curate/?format=json"):
        body = client.get(path).get_json()
        assert set(body) == {"ok", "error", "status", "code"} and body["ok"] is False, path
        assert body["status"] == client.get(path).status_code, path
