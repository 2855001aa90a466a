"""The architecture checks fail when the thing they guard is broken.

Each test copies the Python sources into a temporary directory, plants one violation and runs the same
checks CI runs (`lint-imports`, `scripts/check_layering.py`) on the copy. A check that stays green on its
plant guards nothing (the first contracts let `care.services → relief.models` through).
"""

import importlib.util
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]
LINT_IMPORTS = pathlib.Path(sys.executable).parent / "lint-imports"


@pytest.fixture(scope="module")
def clean_copy(tmp_path_factory):
    base = tmp_path_factory.mktemp("arch")
    shutil.copytree(REPO / "niangjia", base / "niangjia",
                    ignore=shutil.ignore_patterns("static", "locale", "templates", "__pycache__", "*.mo", "*.po"))
    shutil.copytree(REPO / "scripts", base / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", base / "pyproject.toml")
    return base


@pytest.fixture
def tree(clean_copy, tmp_path):
    copy = tmp_path / "repo"
    shutil.copytree(clean_copy, copy)
    return copy


def plant(tree: pathlib.Path, module: str, line: str) -> None:
    path = tree / (module.replace(".", "/") + ".py")
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(old + "\n" + line + "  # planted\n", encoding="utf-8")


def lint_imports(tree: pathlib.Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=tree, capture_output=True, text=True,
                          timeout=120, check=False, env={**os.environ, "COLUMNS": "400"})


def broken_contracts(result: subprocess.CompletedProcess) -> set[str]:
    return {m.group(1) for m in re.finditer(r"^(.+) BROKEN( \(.*\))?$", result.stdout, re.M)}


def layering(tree: pathlib.Path) -> int:
    spec = importlib.util.spec_from_file_location("check_layering_copy", tree / "scripts" / "check_layering.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main(["check_layering.py", str(tree / "niangjia")])


RULES = "rules modules are pure: no Django and no project models, directly or indirectly"
CORE = "core never imports a domain app"
BOUNDARY = "an app reaches another app only through its selectors or services"
ENTRY = "views and API modules import no models"


def test_the_unplanted_copy_passes_every_check(tree, capsys):
    result = lint_imports(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert layering(tree) == 0


@pytest.mark.parametrize(("module", "line", "contract"), [
    # the planted violation of the review: a core model inside relief/rules.py
    ("niangjia.relief.rules", "from niangjia.core import models", RULES),
    # indirect: pii imports Django
    ("niangjia.care.rules", "from niangjia.core import pii", RULES),
    ("niangjia.rights.rules", "import django.utils.timezone", RULES),
    ("niangjia.core.selectors", "from niangjia.relief import selectors", CORE),
    # the other planted violation of the review
    ("niangjia.care.services", "from niangjia.relief import models", BOUNDARY),
    ("niangjia.care.services", "from niangjia.relief.services import ledger", BOUNDARY),
    ("niangjia.mutual_aid.selectors", "from niangjia.rights import views", BOUNDARY),
    ("niangjia.care.views", "from niangjia.relief.models import Application", ENTRY),
    ("niangjia.care.views_reports", "from niangjia.core.models import Member", ENTRY),
    ("niangjia.care.api", "from niangjia.care import models", ENTRY),
])
def test_import_contract_fails_on_a_planted_violation(tree, module, line, contract):
    plant(tree, module, line)
    result = lint_imports(tree)
    assert result.returncode != 0
    assert contract in broken_contracts(result), result.stdout


@pytest.mark.parametrize("line", [
    "x = selectors.campaigns_visible_to(actor=None).select_related('org').get(pk=1)",
    "x = Campaign.objects.all()",
    "selectors.campaigns_visible_to(actor=None).filter(pk=1).update(title='x')",
    "campaign.save()",
    "campaign.delete()",
    "x = selectors.campaigns_visible_to(actor=None).create(title='x')",
    "x = get_object_or_404(selectors.campaigns_visible_to(actor=None), pk=1)",
    "from django.db.models import Q",
])
def test_layering_check_fails_on_a_planted_model_access(tree, line, capsys):
    plant(tree, "niangjia.care.views", line)
    assert layering(tree) == 1
    assert "planted" in capsys.readouterr().out


def test_layering_check_leaves_plain_python_alone(tree):
    plant(tree, "niangjia.care.views", "ctx = {}; ctx.update({'a': 1}); x = dict(ctx).get('a'); y = ctx.values()")
    plant(tree, "niangjia.care.views", "@router.delete('/x')\ndef route(request): return request.GET.get('a')")
    assert layering(tree) == 0


def test_layering_check_reads_every_view_module(tree, capsys):
    plant(tree, "niangjia.rights.views_extra", "def view(request, case):\n    case.save()")
    assert layering(tree) == 1
    assert "views_extra.py" in capsys.readouterr().out
