"""Every action code and every summary key that a service writes to the audit log has a Chinese name, so the audit
page never shows a raw code such as `increase_pct` (a desktop review found bargaining's keys shown raw).

The scan reads the source of every app: `audit.record(actor, "<action>", ..., summary={"<key>": ...})` with literal
codes and keys. Codes built at run time are not seen here; they are few and covered by each app's audit tests."""

import ast
from pathlib import Path

from niangjia.core import audit_labels

ROOT = Path(__file__).resolve().parents[1]


def _calls():
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            func = getattr(node, "func", None)
            if (isinstance(node, ast.Call) and isinstance(func, ast.Attribute) and func.attr == "record"
                    and isinstance(func.value, ast.Name) and func.value.id == "audit"):
                yield path.relative_to(ROOT.parent), node


def test_the_scan_sees_the_services():
    # Guards the test itself: if the call shape changed, the scan would pass on nothing.
    assert sum(1 for _ in _calls()) > 200


def test_every_audited_action_has_a_chinese_name():
    missing = sorted({f"{node.args[1].value} ({path}:{node.lineno})" for path, node in _calls()
                      if len(node.args) > 1 and isinstance(node.args[1], ast.Constant)
                      and node.args[1].value not in audit_labels.ACTIONS})
    assert not missing, "audit actions without a Chinese name (core/audit_labels.py or the app's register()): " + \
        ", ".join(missing)


def test_every_audit_summary_key_has_a_chinese_name():
    missing = set()
    for path, node in _calls():
        for kw in node.keywords:
            if kw.arg == "summary" and isinstance(kw.value, ast.Dict):
                missing |= {f"{k.value} ({path}:{node.lineno})" for k in kw.value.keys
                            if isinstance(k, ast.Constant) and k.value not in audit_labels.FIELDS}
    assert not missing, "audit summary keys without a Chinese name: " + ", ".join(sorted(missing))


def test_a_bargaining_change_reads_in_chinese():
    lines = audit_labels.changes({"increase_pct": "5.00", "effective_on": "2026-12-01", "secret": True})
    assert lines == ["增幅（%）: 5.00", "生效日期: 2026-12-01", "无记名: 是"]
