"""Staff forms of the cloud classroom."""

from django import forms
from django.utils.translation import gettext_lazy as _

from niangjia.training.choices_courses import CourseCategory, CourseLevel, LessonKind


class CourseForm(forms.Form):
    title = forms.CharField(label=_("course title"), max_length=120)
    category = forms.ChoiceField(label=_("category"), choices=CourseCategory.choices)
    level = forms.ChoiceField(label=_("level"), choices=CourseLevel.choices)
    org = forms.TypedChoiceField(label=_("owning union"), coerce=int)
    audience_org = forms.TypedChoiceField(label=_("audience"), coerce=int, required=False, empty_value=None)
    summary = forms.CharField(label=_("summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              max_length=2000)
    keywords = forms.CharField(label=_("keywords"), required=False, max_length=200,
                               help_text=_("Words separated by spaces, used to suggest the course."))
    public = forms.BooleanField(label=_("open to visitors"), required=False)

    def __init__(self, *args, orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(o.pk, o.name) for o in orgs]
        self.fields["org"].choices = choices
        self.fields["audience_org"].choices = [("", _("The owning union's whole tree")), *choices]


class LessonForm(forms.Form):
    title = forms.CharField(label=_("lesson title"), max_length=120)
    kind = forms.ChoiceField(label=_("kind"), choices=LessonKind.choices)
    body = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                           max_length=20000)
    pdf = forms.FileField(label=_("PDF file"), required=False)
