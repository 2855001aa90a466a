"""Forms of the relief workbench. They validate at the edge with Chinese messages and build the data a
service takes; the services check again (`services.draft_policy` validates any params it is given)."""

import copy
from decimal import Decimal

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

CATEGORIES = (("deep", _("Deep hardship")), ("relative", _("Relative hardship")), ("sudden", _("Sudden hardship")))
CATEGORY_ZH = {"deep": "深度困难", "relative": "相对困难", "sudden": "意外致困"}
UNIT_CHOICES = (("dibao_months", _("months of dibao")), ("fixed", _("yuan")))
MEDICAL_BASIS = (("", _("not granted")), ("share", _("share of the personal (self-paid) cost")),
                 ("share_of_total", _("share of the total hardship cost")))
PROVINCE, NATIONAL = "省级", "全国"
MAX_MONTHS = Decimal("120")
MAX_YUAN = Decimal("10000000")


def _num(required=False, **attrs):
    return forms.DecimalField(required=required, max_digits=12, decimal_places=2,
                              error_messages={"invalid": "请填写数字。", "required": "此项必填。",
                                              "max_digits": "数字过大。", "max_decimal_places": "最多两位小数。",
                                              "max_whole_digits": "数字过大。"},
                              widget=forms.NumberInput(attrs={"step": "any", "class": "form-control form-control-sm",
                                                              "style": "min-width:4.5rem", **attrs}))


def _pct(spec) -> str:
    return f"{(Decimal(str(spec)) * 100).normalize():f}"


def _plain(value) -> str:
    return f"{Decimal(str(value)).normalize():f}"


class CategoryStandardsForm(forms.Form):
    """§1 classification lines and the §2 standards of each category (deep / relative / sudden).

    Field names: `deep_multiple`, `relative_multiple`, `sudden_loss_pct`, and per category `<c>-living`,
    `<c>-living-unit`, `<c>-education`, `<c>-education-unit`, `<c>-medical-basis`, `<c>-medical-pct`,
    `<c>-medical-max`, `<c>-medical-province`, `<c>-medical-national`, `<c>-multiple`. An empty amount
    means the category does not get that kind of aid."""

    name = forms.CharField(max_length=120, required=False,
                           widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))
    effective_from = forms.DateField(required=False, error_messages={"invalid": "生效日期格式不正确。"},
                                     widget=forms.DateInput(attrs={"type": "date",
                                                                   "class": "form-control form-control-sm"}))
    deep_multiple = _num(required=True)
    relative_multiple = _num(required=True)
    sudden_loss_pct = _num(required=True)

    def __init__(self, *args, base_params: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        select = {"class": "form-select form-select-sm"}
        parts = {"living": _("Living aid"), "education": _("Education aid (per student)"),
                 "medical-basis": _("Medical aid"), "medical-pct": _("Medical aid (percent)"),
                 "medical-max": _("Medical aid at most (yuan)"), "medical-province": _("Provincial approval from (yuan)"),
                 "medical-national": _("National approval from (yuan)"), "multiple": _("Several kinds in one year")}
        for c, _label in CATEGORIES:
            for kind in ("living", "education"):
                self.fields[f"{c}-{kind}"] = _num()
                self.fields[f"{c}-{kind}-unit"] = forms.ChoiceField(
                    choices=UNIT_CHOICES, required=False,
                    widget=forms.Select(attrs={**select, "style": "max-width:7.5rem"}),
                    error_messages={"invalid_choice": "金额单位不正确。"})
            self.fields[f"{c}-medical-basis"] = forms.ChoiceField(
                choices=MEDICAL_BASIS, required=False,
                widget=forms.Select(attrs={**select, "style": "max-width:10rem"}),
                error_messages={"invalid_choice": "医疗救助的计算基数不正确。"})
            for part in ("pct", "max", "province", "national"):
                self.fields[f"{c}-medical-{part}"] = _num()
            self.fields[f"{c}-multiple"] = forms.BooleanField(
                required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
        for key, part in parts.items():
            for c, label in CATEGORIES:
                self.fields[f"{c}-{key}"].label = format_lazy("{} · {}", label, part)
        for key, label in (("living-unit", _("Living aid")), ("education-unit", _("Education aid (per student)"))):
            for c, cat_label in CATEGORIES:
                self.fields[f"{c}-{key}"].label = format_lazy("{} · {}", cat_label, label)
        self.fields["name"].label = _("Version name")
        self.fields["effective_from"].label = _("Effective from")
        self.fields["deep_multiple"].label = _("Deep hardship: below (× dibao)")
        self.fields["relative_multiple"].label = _("Relative hardship: below (× dibao)")
        self.fields["sudden_loss_pct"].label = _("Sudden hardship: loss above (percent of annual income)")
        self.base_params = base_params or {}
        if not self.is_bound:
            self.initial = {**self.initial_from(self.base_params), **self.initial}

    # --- reading a version into the form ----------------------------------------------------------

    @staticmethod
    def initial_from(params: dict) -> dict:
        c = params.get("classification", {})
        out = {"deep_multiple": _plain(c.get("deep_multiple", "1")),
               "relative_multiple": _plain(c.get("relative_multiple", "2")),
               "sudden_loss_pct": _pct(c.get("sudden_loss_ratio", "0.8"))}
        for cat, std in (params.get("standards") or {}).items():
            for kind in ("living", "education"):
                spec = std.get(kind)
                if spec:
                    unit = "fixed" if "fixed" in spec else "dibao_months"
                    out[f"{cat}-{kind}"], out[f"{cat}-{kind}-unit"] = _plain(spec[unit]), unit
            med = std.get("medical")
            if med:
                basis = "share_of_total" if "share_of_total" in med else "share"
                out[f"{cat}-medical-basis"] = basis
                out[f"{cat}-medical-pct"] = _pct(med.get(basis, "1"))
                if med.get("max") is not None:
                    out[f"{cat}-medical-max"] = _plain(med["max"])
                for threshold, level in med.get("approval_levels") or []:
                    if level == PROVINCE:
                        out[f"{cat}-medical-province"] = _plain(threshold)
                    elif level == NATIONAL:
                        out[f"{cat}-medical-national"] = _plain(threshold)
            out[f"{cat}-multiple"] = bool(std.get("multiple_kinds", False))
        return out

    def rows(self):
        """Per category, the bound fields the template lays out as one table row."""
        return [{"code": c, "label": label, "living": self[f"{c}-living"], "living_unit": self[f"{c}-living-unit"],
                 "education": self[f"{c}-education"], "education_unit": self[f"{c}-education-unit"],
                 "basis": self[f"{c}-medical-basis"], "pct": self[f"{c}-medical-pct"], "max": self[f"{c}-medical-max"],
                 "province": self[f"{c}-medical-province"], "national": self[f"{c}-medical-national"],
                 "multiple": self[f"{c}-multiple"]} for c, label in CATEGORIES]

    # --- validation (Chinese messages) -------------------------------------------------------------

    def clean(self):
        d = super().clean()
        if self.errors:
            return d
        errors = []

        def nonneg(key, label):
            v = d.get(key)
            if v is not None and v < 0:
                errors.append(f"{label}不能为负数。")
            return v

        deep_m = nonneg("deep_multiple", "深度困难线（低保倍数）")
        rel_m = nonneg("relative_multiple", "相对困难线（低保倍数）")
        loss = nonneg("sudden_loss_pct", "意外致困的支出占收入比例")
        if deep_m is not None and deep_m <= 0:
            errors.append("深度困难线（低保倍数）必须大于 0。")
        if deep_m is not None and rel_m is not None and rel_m <= deep_m:
            errors.append("相对困难线（低保倍数）必须高于深度困难线。")
        if loss is not None and not 0 < loss <= 100:
            errors.append("意外致困的支出占收入比例应在 0 到 100% 之间（不含 0）。")
        for c, _label in CATEGORIES:
            zh = CATEGORY_ZH[c]
            for kind, kind_zh in (("living", "生活救助"), ("education", "助学救助")):
                v = nonneg(f"{c}-{kind}", f"{zh}的{kind_zh}标准")
                unit = d.get(f"{c}-{kind}-unit") or "dibao_months"
                if v is not None and v > 0 and unit == "dibao_months" and v > MAX_MONTHS:
                    errors.append(f"{zh}的{kind_zh}标准超过 {MAX_MONTHS} 个月低保，请核对。")
                if v is not None and unit == "fixed" and v > MAX_YUAN:
                    errors.append(f"{zh}的{kind_zh}标准金额过大，请核对。")
            basis = d.get(f"{c}-medical-basis") or ""
            pct = nonneg(f"{c}-medical-pct", f"{zh}的医疗救助比例")
            top = nonneg(f"{c}-medical-max", f"{zh}的医疗救助最高金额")
            prov = nonneg(f"{c}-medical-province", f"{zh}的省级审批起点")
            nat = nonneg(f"{c}-medical-national", f"{zh}的全国审批起点")
            if not basis:
                if any(x is not None for x in (pct, top, prov, nat)):
                    errors.append(f"{zh}填写了医疗救助的比例或金额，请选择计算基数（个人自付或困难总支出）。")
                continue
            if pct is None:
                errors.append(f"请填写{zh}的医疗救助比例。")
            elif pct >= 0 and not 0 < pct <= 100:
                errors.append(f"{zh}的医疗救助比例应在 0 到 100% 之间（不含 0）。")
            if top is not None and top <= 0:
                errors.append(f"{zh}的医疗救助最高金额必须大于 0（不设上限请留空）。")
            if prov is not None and nat is not None and nat <= prov:
                errors.append(f"{zh}的全国审批起点必须高于省级审批起点。")
            for value, what in ((prov, "省级审批起点"), (nat, "全国审批起点")):
                if value is not None and top is not None and top > 0 and value > top:
                    errors.append(f"{zh}的{what} {_plain(value)} 元高于医疗救助最高金额 {_plain(top)} 元，永远不会用到，请核对。")
        # a deeper hardship never gets a lower standard than a lighter one (same unit)
        for kind, kind_zh in (("living", "生活救助"), ("education", "助学救助")):
            dv, rv = d.get(f"deep-{kind}"), d.get(f"relative-{kind}")
            if dv is not None and rv is not None and d.get(f"deep-{kind}-unit") == d.get(f"relative-{kind}-unit") \
                    and dv < rv:
                errors.append(f"深度困难的{kind_zh}标准低于相对困难，请核对。")
        if errors:
            raise forms.ValidationError(errors)
        return d

    # --- building the draft's params -----------------------------------------------------------------

    def to_params(self) -> dict:
        """The base version's params with the classification and the standards replaced by the form."""
        d = self.cleaned_data
        params = copy.deepcopy(self.base_params)
        params["classification"] = {**params.get("classification", {}),
                                    "deep_multiple": _plain(d["deep_multiple"]),
                                    "relative_multiple": _plain(d["relative_multiple"]),
                                    "sudden_loss_ratio": _plain(d["sudden_loss_pct"] / 100)}
        standards = params.setdefault("standards", {})
        for c, _label in CATEGORIES:
            old = standards.get(c, {})
            std = {k: v for k, v in old.items() if k not in ("living", "education", "medical", "multiple_kinds")}
            for kind in ("living", "education"):
                v = d.get(f"{c}-{kind}")
                if v is not None and v > 0:
                    std[kind] = {d.get(f"{c}-{kind}-unit") or "dibao_months": _plain(v)}
            basis = d.get(f"{c}-medical-basis")
            if basis:
                keep = {k: v for k, v in (old.get("medical") or {}).items()
                        if k not in ("share", "share_of_total", "max", "approval_levels")}
                med = {**keep, basis: _plain(d[f"{c}-medical-pct"] / 100)}
                if d.get(f"{c}-medical-max") is not None:
                    med["max"] = _plain(d[f"{c}-medical-max"])
                levels = [[_plain(d[f"{c}-medical-{k}"]), level] for k, level in
                          (("province", PROVINCE), ("national", NATIONAL)) if d.get(f"{c}-medical-{k}") is not None]
                if levels:
                    med["approval_levels"] = levels
                std["medical"] = med
            std["multiple_kinds"] = bool(d.get(f"{c}-multiple"))
            standards[c] = std
        return params
