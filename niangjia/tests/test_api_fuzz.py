"""schemathesis over the whole OpenAPI document, anonymous and with a bearer token: no request may end in a
server error, every status code is documented and every answer matches its documented schema (issue 10, "Bad input never crashes").

Examples per operation are bounded (NIANGJIA_FUZZ_EXAMPLES, default 10) so the run stays in CI's budget.
The figures of a run (operations, requests, 5xx) are written to var/fuzz-<tag>.json for docs/SECURITY.md.
"""

import json
import os
import pathlib
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from niangjia.wsgi import application

EXAMPLES = int(os.environ.get("NIANGJIA_FUZZ_EXAMPLES", "10"))
STATS: Counter = Counter()
OPERATIONS: set[str] = set()

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


@pytest.fixture
def fuzz_world(tree, make_user, make_member):
    """A small world so that ids in paths sometimes exist: members in two districts, staff, a token."""
    from niangjia.core.services import tokens

    for org in (tree.union_a, tree.union_a2, tree.union_b):
        make_member(org)
    staff = make_user(roles=[(tree.district_a, "staff"), (tree.district_a, "admin")])
    raw, _ = tokens.issue_token(actor=None, user=staff, name="fuzz")
    return raw


def _call(case, headers=None):
    response = case.call(headers=headers)
    OPERATIONS.add(case.operation.label)
    STATS["requests"] += 1
    STATS[f"{response.status_code // 100}xx"] += 1
    case.validate_response(response, checks=[not_a_server_error, status_code_conformance, response_schema_conformance])


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """Calling the WSGI app directly would close the test's database connection after every request
    (Django's test client does the same disconnect)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    out = pathlib.Path(__file__).resolve().parents[2] / "var" / f"fuzz{os.environ.get('NIANGJIA_TEST_TAG', '')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"operations": len(OPERATIONS), "examples_per_operation": EXAMPLES, "5xx": 0, **STATS},
                              indent=1), encoding="utf-8")


@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_anonymous(case, tree):
    _call(case)


@schema.parametrize()
@FUZZ
def test_with_token(case, fuzz_world):
    _call(case, headers={"Authorization": f"Bearer {fuzz_world}"})
