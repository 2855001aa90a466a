"""The OpenAPI document describes every app's schemas without one overwriting another, and the docs page
loads Swagger UI from our own static files (no CDN)."""

import importlib
import pkgutil

import pydantic

import niangjia


def _api_modules():
    for info in pkgutil.walk_packages(niangjia.__path__, "niangjia."):
        leaf = info.name.rsplit(".", 1)[-1]
        if (leaf == "api" or leaf.startswith("api_")) and ".tests" not in info.name:
            yield importlib.import_module(info.name)


def test_schema_names_are_unique_across_apps():
    owners: dict[str, list[str]] = {}
    for module in _api_modules():
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, pydantic.BaseModel)
                    and value.__module__ == module.__name__):
                owners.setdefault(value.__name__, []).append(module.__name__)
    clashes = {name: mods for name, mods in owners.items() if len(mods) > 1}
    assert not clashes, f"schema names used by more than one API module: {clashes}"


def test_both_quote_schemas_are_in_the_document(client, db):
    components = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert "household_annual_income" in components["ReliefQuoteIn"]["properties"]
    assert "insurance_paid" in components["MutualAidQuoteIn"]["properties"]


def test_docs_page_uses_vendored_swagger_ui(client, db):
    html = client.get("/api/v1/docs").content.decode()
    assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "/static/vendor/swagger-ui/swagger-ui.css" in html


def test_every_operation_documents_its_error_answers(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"code", "message", "details"}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            assert {"400", "404", "413", "422", "429"} <= codes, (method, path)
            if operation.get("security"):
                assert "401" in codes, (method, path)
