"""Template helpers available in every template (registered as a builtin in settings)."""

from decimal import Decimal

from django import template
from django.utils.html import format_html

from niangjia.core import pii, submissions

register = template.Library()


@register.filter
def mask_id(value: str | None) -> str:
    return pii.mask_id_number(value)


@register.filter
def mask_phone(value: str | None) -> str:
    return pii.mask_phone(value)


@register.filter
def mask_bank(value: str | None) -> str:
    return pii.mask_bank_account(value)


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        params[key] = value
    return params.urlencode()


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag
def submission_token() -> str:
    """The hidden one-time token of a form that creates something (see core.submissions)."""
    return format_html('<input type="hidden" name="{}" value="{}">', submissions.FIELD, submissions.new_token())


@register.filter
def control(field) -> str:
    """A form field's widget with the site's large input classes (44 px and up, full width)."""
    from django import forms

    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    attrs = {"class": f"{css} {widget.attrs.get('class', '')}".strip()}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def intcomma_cn(value) -> str:
    """12345 -> 12,345 (no locale dependence)."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return ""


@register.filter
def mask_name(value: str | None) -> str:
    return pii.mask_name(value)


@register.filter
def money(value) -> str:
    """The product's one way to show an amount, in text, figures and table columns alike: 1234.5 -> ¥1,234.50
    (negative: -¥12.00). There is no second amount filter (a test keeps it that way)."""
    if value is None or value == "":
        return ""
    d = Decimal(value)
    return f"-¥{-d:,.2f}" if d < 0 else f"¥{d:,.2f}"


@register.inclusion_tag("core/_purpose_notice.html")
def purpose_notice(code: str):
    """The notice shown where personal data is collected: which data, what for, on which basis, how long."""
    from niangjia.core import purposes

    return {"p": purposes.get(code)}


@register.filter
def purpose_of(code: str):
    from niangjia.core import purposes

    return purposes.get(code)


@register.filter(name="yuan")
def _yuan_alias(value) -> str:
    """Not a second format: the old name of `money`, kept only so that a template written before the switch (on
    another branch) shows ¥1,234.56 instead of failing. core/tests/test_formats.py refuses any template using it."""
    return money(value)
