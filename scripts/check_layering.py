"""Fail when a view or API module touches the ORM instead of calling a selector or a service.

import-linter (pyproject.toml) already forbids importing a `models` module there. This check catches what an
import contract cannot see: ORM calls on objects that came from elsewhere, e.g.
`selectors.x(actor).select_related("org").get(pk=pk)`, `request.user.messages.filter(...)`,
`some_obj.save()`. It reads the syntax tree, so a call split over several lines is still one call.

Caught in `views*.py`, `views/*.py`, `api*.py` of every app and `niangjia/api.py`:
- any `.objects` manager access, `get_object_or_404` / `get_list_or_404`;
- query shaping: `.filter/.exclude/.select_related/.prefetch_related/.annotate/.aggregate/.values/
  .values_list/.order_by/.only/.defer/.distinct/.first/.last/.exists/.count/.in_bulk/.iterator`
  on a call chain (`x.filter(...).first()`), and `.get(` on such a chain;
- every write: `.save(`, `.delete(`, `.create(`, `.bulk_create(`, `.bulk_update(`, `.get_or_create(`,
  `.update_or_create(`, `.refresh_from_db(`, and `.update(` on a query or a call result (so `ctx.update({})`
  passes and `Message.objects.filter(...).update(...)` does not). Route decorators (`@router.delete(...)`)
  are not calls on a model and are skipped;
- `from django.db.models import ...` (Q, Prefetch, Count are query logic).

Usage: `check_layering.py [ROOT]` (ROOT defaults to this repository's `niangjia/`).
"""

from __future__ import annotations

import ast
import pathlib
import sys

WRITES = {"save", "delete", "create", "bulk_create", "bulk_update", "get_or_create", "update_or_create",
          "refresh_from_db"}
QUERY = {"filter", "exclude", "select_related", "prefetch_related", "annotate", "aggregate", "values_list",
         "order_by", "only", "defer", "in_bulk"}
# Called on a queryset chain these are ORM calls; on a plain name (`request.GET.get`, `ctx.update`,
# `{...}.values()`) they are harmless.
CHAIN_CALLS = {"get", "first", "last", "exists", "count", "update", "values", "all", "distinct", "iterator"}
LOOKUP_SHORTCUTS = {"get_object_or_404", "get_list_or_404"}

# Two kinds of finding, both refused: "orm" (a model manager, a write, a lookup shortcut, a model import) and
# "query" (narrowing a selector's queryset in the view: the selector should take the argument instead).


def _is_query_chain(node: ast.AST) -> bool:
    """True when `node` is `<...>.objects...` or a call of a queryset method (`x.filter(...)`)."""
    while isinstance(node, ast.Call | ast.Attribute | ast.Subscript):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in QUERY:
            return True
        node = node.func if isinstance(node, ast.Call) else node.value
    return False


def findings(path: pathlib.Path) -> list[tuple[int, str, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str, str]] = []
    decorators = {id(d) for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                  for d in node.decorator_list}
    for node in ast.walk(tree):
        if id(node) in decorators:
            continue
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("django.db.models"):
            found.append((node.lineno, "orm", f"from {node.module} import … (query logic belongs in selectors)"))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[-1] == "models":
            found.append((node.lineno, "orm", f"from {node.module} import … (views import no models)"))
        elif isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append((node.lineno, "orm", ".objects manager access"))
        elif isinstance(node, ast.Name) and node.id in LOOKUP_SHORTCUTS:
            found.append((node.lineno, "orm", f"{node.id} (use an access_<entity>_by_id selector)"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            attr, receiver = node.func.attr, node.func.value
            if attr in WRITES:
                found.append((node.lineno, "orm", f".{attr}( — a write belongs in a service"))
            elif attr == "update" and (_is_query_chain(receiver) or isinstance(receiver, ast.Call)):
                found.append((node.lineno, "orm", ".update( on a query — a write belongs in a service"))
            elif attr == "get" and _is_query_chain(receiver):
                found.append((node.lineno, "orm", "….get( on a queryset — use an access_<entity>_by_id selector"))
            elif attr in QUERY or (attr in CHAIN_CALLS and _is_query_chain(receiver)):
                found.append((node.lineno, "query", f".{attr}( — query shaping belongs in a selector"))
    return sorted(set(found))


def entry_point_files(root: pathlib.Path) -> list[pathlib.Path]:
    paths = {*root.glob("*/views*.py"), *root.glob("*/views/*.py"), *root.glob("*/api*.py"), root / "api.py"}
    return sorted(p for p in paths if p.is_file())


def main(argv: list[str]) -> int:
    root = pathlib.Path(argv[1]) if len(argv) > 1 else pathlib.Path(__file__).resolve().parent.parent / "niangjia"
    failed = []
    for path in entry_point_files(root):
        name = path.relative_to(root.parent).as_posix()
        lines = path.read_text(encoding="utf-8").splitlines()
        found = findings(path)
        failed += [f"{name}:{n}: {why}: {lines[n - 1].strip()}" for n, _kind, why in found]
    if failed:
        print("Views and API modules read through selectors and write through services (conventions.md §1-2):")
        print("\n".join(failed))
        return 1
    print("layering check: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
