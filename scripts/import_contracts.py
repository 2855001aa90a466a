"""import-linter contract types that the stock ones cannot express (see docs/ARCHITECTURE.md).

Stock contracts match whole module names, so "an app may import only another app's `selectors` and
`services`" would need a deny-list of every other module in every app, which silently stops guarding the
day someone adds `relief/exports.py`. These two contracts are allow-lists instead:

- `app_boundary`: an import from one app into another app must land exactly on that app's `selectors`
  or `services` (the package, not `services.ledger`, whose name is an internal detail).
- `entry_points_without_models`: a view or API module (`views`, `views_*`, anything under a `views`
  package, `api`) imports no `models` module of the project, from any app including its own.

Both check direct imports only: reaching models *through* selectors is the point of selectors.
"""

from __future__ import annotations

import re

import grimp
from importlinter import Contract, ContractCheck, fields, output
from importlinter.application import contract_utils


def _app_of(module: str, root: str, apps: list[str]) -> str | None:
    parts = module.split(".")
    if len(parts) >= 2 and parts[0] == root and parts[1] in apps:
        return parts[1]
    return None


def _render(check: ContractCheck) -> None:
    for importer, imported, line_number, line_contents in check.metadata["violations"]:
        output.print_error(f"{importer} -> {imported} (l.{line_number}: {line_contents})", bold=False)
    output.new_line()


def _violation(graph: grimp.ImportGraph, importer: str, imported: str) -> list[tuple]:
    details = graph.get_import_details(importer=importer, imported=imported) or [
        {"line_number": 0, "line_contents": "?"}]
    return [(importer, imported, d["line_number"], d["line_contents"]) for d in details]


class AppBoundaryContract(Contract):
    """Apps reach each other only through `<app>.selectors` and `<app>.services`."""

    type_name = "app_boundary"
    root = fields.StringField()
    apps = fields.ListField(subfield=fields.StringField())
    public_modules = fields.ListField(subfield=fields.StringField())
    ignore_imports = fields.SetField(subfield=fields.ImportExpressionField(), required=False)

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        removal = contract_utils.remove_ignored_imports_and_report(
            graph=graph, ignore_imports=self.ignore_imports,  # type: ignore[arg-type]
            unmatched_alerting=contract_utils.AlertLevel.ERROR)
        apps, root = list(self.apps), str(self.root)  # type: ignore[call-overload]
        violations = []
        for importer in sorted(graph.modules):
            source_app = _app_of(importer, root, apps)
            if source_app is None:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                target_app = _app_of(imported, root, apps)
                if target_app is None or target_app == source_app:
                    continue
                allowed = {f"{root}.{target_app}.{name}" for name in self.public_modules}  # type: ignore[attr-defined]
                if imported not in allowed:
                    violations += _violation(graph, importer, imported)
        return ContractCheck(kept=not violations, metadata={"violations": violations},
                             warnings=removal.warnings, ignored_import_count=removal.ignored_import_count)

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print("An app may import another app only through its "
                     f"{' or '.join(self.public_modules)} (conventions.md §5):")  # type: ignore[arg-type]
        _render(check)


ENTRY_POINT = re.compile(r"(^|\.)(views(_\w+)?|api)(\.|$)")


class EntryPointsWithoutModelsContract(Contract):
    """View and API modules import no project `models` module; they call selectors and services."""

    type_name = "entry_points_without_models"
    root = fields.StringField()
    ignore_imports = fields.SetField(subfield=fields.ImportExpressionField(), required=False)
    unmatched_ignore_imports_alerting = fields.EnumField(
        contract_utils.AlertLevel, default=contract_utils.AlertLevel.ERROR)

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        removal = contract_utils.remove_ignored_imports_and_report(
            graph=graph, ignore_imports=self.ignore_imports,  # type: ignore[arg-type]
            unmatched_alerting=self.unmatched_ignore_imports_alerting)  # type: ignore[arg-type]
        root = str(self.root)  # type: ignore[call-overload]
        violations = []
        for importer in sorted(graph.modules):
            if not importer.startswith(root + ".") or ".tests" in importer:
                continue
            if not ENTRY_POINT.search(importer[len(root):]):
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                if imported.startswith(root + ".") and "models" in imported.split(".")[1:]:
                    violations += _violation(graph, importer, imported)
        return ContractCheck(kept=not violations, metadata={"violations": violations},
                             warnings=removal.warnings, ignored_import_count=removal.ignored_import_count)

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print("Views and API modules must not import models; read through selectors, write "
                     "through services (conventions.md §1-2):")
        _render(check)
