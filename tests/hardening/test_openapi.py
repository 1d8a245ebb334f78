"""Finding 6 and 9: the API behaves as its OpenAPI document says (schemathesis).

Schemathesis generates requests from /api/v1/openapi.json for every operation and checks
each answer: no server error, a documented status, a documented content type, a body
that matches the documented schema. (Its pytest plugin is not used: it does not run on
this pytest; the operations are driven through hypothesis directly.)
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from app import create_app
from tests.app.catalogue import site_config


@pytest.fixture(scope="module")
def api_schema(site_catalogue):
    app = create_app(site_config(site_catalogue), SECRET_KEY="x", TESTING=True)
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def test_the_api_answers_as_its_openapi_document_says(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 7
    for operation in operations:
        @settings(max_examples=25, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case):
            case.call_and_validate(headers={"Accept-Encoding": "identity"})

        check()
