from django import forms
from django.utils.translation import gettext_lazy as _

from niangjia.news.choices import AUDIENCE_CHOICES, KIND_CHOICES, ROLE_CHOICES


class NoticeForm(forms.Form):
    org = forms.TypedChoiceField(label=_("Publishing union"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES)
    title = forms.CharField(label=_("Notice title"), max_length=120)
    summary = forms.CharField(label=_("Summary (optional, one line)"), max_length=200, required=False)
    body = forms.CharField(label=_("Notice text"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000)
    audience = forms.ChoiceField(label=_("Who receives it"), choices=AUDIENCE_CHOICES, widget=forms.RadioSelect,
                                 initial="everyone")
    audience_org = forms.TypedChoiceField(label=_("Unions below (a subtree of the tree)"), coerce=int)
    roles = forms.MultipleChoiceField(label=_("Roles"), choices=ROLE_CHOICES, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    phones = forms.CharField(label=_("Mobile numbers of the named people, one per line"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}), max_length=12000)
    is_public = forms.BooleanField(label=_("Public: also on the home page and the public notice page"),
                                   required=False)
    publish_at = forms.DateTimeField(label=_("Publish at (leave empty to publish now or keep as draft)"),
                                     required=False, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    remind_after_days = forms.IntegerField(label=_("Remind unread recipients after (days, 0 = never)"),
                                           min_value=0, max_value=60, initial=3)

    def __init__(self, *args, publishers=(), orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(o.pk, o.name) for o in publishers]
        self.fields["audience_org"].choices = [(o.pk, "　" * max(o.depth - 1, 0) + o.name) for o in orgs]

    def phone_list(self) -> list[str]:
        return [p.strip() for p in (self.cleaned_data.get("phones") or "").replace("，", "\n").replace(",", "\n")
                .splitlines() if p.strip()]


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)
