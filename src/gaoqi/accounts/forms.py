"""Forms: the throttled login, and the user form shared by the admin pages and ``gaoqi create-user``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoqi.accounts import throttle
from gaoqi.accounts.models import Role, User


class ThrottledLoginForm(AuthenticationForm):
    """Django's login form that refuses a locked username/address pair with a Chinese message."""

    def clean(self) -> dict[str, Any]:
        """Check the lock before the password, so a locked account learns nothing."""
        until = throttle.locked_until(self.data.get("username"), throttle.client_ip(self.request))
        if until is not None:
            local = timezone.localtime(until).strftime("%H:%M")
            raise ValidationError(
                _("登录失败次数过多，该账号已暂时锁定，请于 %(time)s 后再试。") % {"time": local},
                code="locked",
            )
        return super().clean()


class UserForm(forms.ModelForm):
    """Create or edit a user: role and the scope that goes with it; a password when creating."""

    password = forms.CharField(
        label=gettext_lazy("密码"),
        widget=forms.PasswordInput(render_value=False),
        required=False,
        strip=False,
        help_text=gettext_lazy("新建用户时必填；编辑时留空表示不修改。"),
    )

    class Meta:
        model = User
        fields = (
            "username",
            "display_name",
            "role",
            "town_code",
            "department",
            "organisation",
            "phone",
            "email",
            "is_active",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

    def clean_town_code(self) -> str:
        """A town code must name a known town."""
        from gaoqi.reference.models import Town

        code = self.cleaned_data.get("town_code", "").strip()
        if code and not Town.objects.filter(code=code).exists():
            raise ValidationError(_("未知的镇街代码：%(code)s") % {"code": code}, code="unknown_town")
        return code

    def clean(self) -> dict[str, Any]:
        """Each role carries its scope: a town, a department or an enterprise."""
        data = super().clean()
        role = data.get("role")
        required = {
            Role.TOWN_OFFICER: ("town_code", _("镇街工作人员必须指定所属镇街。")),
            Role.DEPARTMENT_OFFICER: ("department", _("部门工作人员必须指定所属部门。")),
        }.get(role)
        if required and not data.get(required[0]) and required[0] not in self.errors:
            self.add_error(required[0], required[1])
        self._clean_password(data)
        return data

    def _clean_password(self, data: dict[str, Any]) -> None:
        password = data.get("password")
        if not password:
            if self.instance.pk is None:
                self.add_error("password", _("新建用户必须设置密码。"))
            return
        candidate = self.instance
        candidate.username = data.get("username") or candidate.username
        candidate.email = data.get("email") or candidate.email
        try:
            validate_password(password, candidate)
        except ValidationError as error:
            self.add_error("password", error)

    def save(self, commit: bool = True) -> User:
        """Save the user, setting the password when one was given."""
        user = super().save(commit=False)
        if self.cleaned_data.get("password"):
            user.set_password(self.cleaned_data["password"])
        if commit:
            user.save()
        return user


def _style(form: forms.BaseForm) -> None:
    """Give the widgets Tabler's classes."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")
