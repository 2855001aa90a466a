from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from niangjia.core.money import MoneyError, parse_yuan
from niangjia.events.choices import KIND_CHOICES, PRIORITY_CHOICES

DT = {"input_formats": ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
      "widget": forms.DateTimeInput(attrs={"type": "datetime-local"})}


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES)
    title = forms.CharField(label=_("Event title"), max_length=120)
    description = forms.CharField(label=_("About the event"), required=False, max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    place = forms.CharField(label=_("Venue"), required=False, max_length=120)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=100_000)
    audience_org = forms.TypedChoiceField(label=_("Open to members of"), coerce=int)
    registration_closes_at = forms.DateTimeField(label=_("Registration closes"), **DT)
    starts_at = forms.DateTimeField(label=_("Starts at"), **DT)
    ends_at = forms.DateTimeField(label=_("Ends at"), **DT)
    cross_province = forms.BooleanField(label=_("Out of the province (recuperation)"), required=False)
    cost_per_day = forms.CharField(label=_("Cost per person per day, yuan (recuperation)"), required=False,
                                   max_length=20)
    priority = forms.ChoiceField(label=_("Served first"), choices=PRIORITY_CHOICES, required=False)
    priority_share = forms.IntegerField(label=_("Share of places kept for them (%)"), required=False,
                                        min_value=1, max_value=100)
    lottery = forms.BooleanField(label=_("Places drawn by lot after registration closes"), required=False)
    offer_hours = forms.IntegerField(label=_("Hours to accept a freed place"), min_value=0, max_value=168,
                                     initial=24)

    def __init__(self, *args, orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience_org"].choices = [(o.pk, "　" * max(o.depth - 1, 0) + o.name) for o in orgs]

    def clean_cost_per_day(self):
        text = self.cleaned_data.get("cost_per_day") or ""
        if not text.strip():
            return None
        try:
            return parse_yuan(text, "每人每天费用")
        except MoneyError as exc:
            raise ValidationError(str(exc)) from None


class HoursForm(forms.Form):
    hours = forms.CharField(label=_("Hours served"), max_length=6)
