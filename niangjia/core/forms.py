"""Forms validate at the edge; the services check again and own the rules."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from niangjia.core.validators import validate_id_number, validate_mobile

CODE_WIDGET = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": "6",
                                     "pattern": "[0-9]{6}"})


class LoginForm(forms.Form):
    phone = forms.CharField(label=_("Mobile number"), max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "username"}))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def clean_phone(self):
        try:
            return validate_mobile(self.cleaned_data["phone"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages[0]) from None


class RegisterForm(forms.Form):
    phone = forms.CharField(label=_("Mobile number"), max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    display_name = forms.CharField(label=_("What should we call you"), max_length=30, required=False)
    password = forms.CharField(label=_("Password (at least 8 characters)"),
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    code = forms.CharField(label=_("SMS code"), max_length=6, required=False, widget=CODE_WIDGET)

    def clean_phone(self):
        try:
            return validate_mobile(self.cleaned_data["phone"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages[0]) from None

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("The two passwords are different."))
        return data


class VerifyForm(forms.Form):
    real_name = forms.CharField(label=_("Real name (as on your ID card)"), max_length=30)
    id_number = forms.CharField(label=_("ID card number"), max_length=22,
                                widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}))

    def clean_id_number(self):
        try:
            return validate_id_number(self.cleaned_data["id_number"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages[0]) from None


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200, min_length=2)


class OrgCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    level = forms.ChoiceField(label=_("Level"))
    region_code = forms.CharField(label=_("Region code (6 digits)"), max_length=6)
    employer_name = forms.CharField(label=_("Employer name (grassroots only)"), max_length=120, required=False)
    uscc = forms.CharField(label=_("Unified social credit code (grassroots only)"), max_length=18, required=False)


class OrgRenameForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=120)


class OrgMoveForm(forms.Form):
    new_parent = forms.ChoiceField(label=_("New parent union"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=_("Current password"),
                                   widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password = forms.CharField(label=_("New password (at least 8 characters)"),
                                   widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    new_password2 = forms.CharField(label=_("New password again"),
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", _("The two passwords are different."))
        return data


class PhoneCodeForm(forms.Form):
    """Phone and SMS code; `action=send` asks for a code, any other action uses it."""

    phone = forms.CharField(label=_("Mobile number"), max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    code = forms.CharField(label=_("SMS code"), max_length=6, required=False, widget=CODE_WIDGET)

    def clean_phone(self):
        try:
            return validate_mobile(self.cleaned_data["phone"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages[0]) from None


class PasswordResetForm(PhoneCodeForm):
    new_password = forms.CharField(label=_("New password (at least 8 characters)"), required=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    new_password2 = forms.CharField(label=_("New password again"), required=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", _("The two passwords are different."))
        return data
