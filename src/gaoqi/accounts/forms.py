"""Forms: the throttled login, and the user form shared by the admin pages and ``gaoqi create-user``."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoqi.accounts import throttle
from gaoqi.accounts.models import Role, User
from gaoqi.enterprises.models import Enterprise
from gaoqi.reference.models import Town


class ThrottledLoginForm(AuthenticationForm):
    """Django's login form that refuses a locked username/address pair with a Chinese message."""

    def clean(self) -> dict[str, Any]:
        """Check the lock before the password, so a locked account learns nothing; the refused attempt
        is still reported as a failed login (audited, without extending the lock)."""
        username = self.data.get("username")
        until = throttle.locked_until(username, throttle.client_ip(self.request))
        if until is not None:
            user_login_failed.send(sender=__name__, credentials={"username": username}, request=self.request)
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

    enterprise_uscc = forms.CharField(
        label=gettext_lazy("所属企业统一社会信用代码"),
        max_length=18,
        required=False,
        help_text=gettext_lazy("企业用户必填。"),
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
        labels: ClassVar[dict[str, Any]] = {
            "username": gettext_lazy("用户名"),
            "email": gettext_lazy("电子邮箱"),
            "is_active": gettext_lazy("启用"),
        }
        help_texts: ClassVar[dict[str, Any]] = {
            "username": gettext_lazy("登录名，150 个字符以内，可含字母、数字及 @ . + - _"),
            "is_active": gettext_lazy("停用后不能登录，也不能使用 API 令牌；历史记录保留。"),
        }

    field_order = (
        "username",
        "display_name",
        "role",
        "town_code",
        "department",
        "enterprise_uscc",
        "organisation",
        "phone",
        "email",
        "password",
        "is_active",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        towns = Town.objects.filter(region=settings.GAOQI_REGION).values_list("code", "name")
        self.fields["town_code"] = forms.ChoiceField(
            label=gettext_lazy("所属镇街"), choices=[("", "—"), *towns], required=False
        )
        if self.instance.enterprise_id is not None:
            self.fields["enterprise_uscc"].initial = self.instance.enterprise.uscc
        _style(self)

    def clean_enterprise_uscc(self) -> Enterprise | None:
        """The enterprise named by its USCC, or ``None`` when left blank."""
        uscc = self.cleaned_data.get("enterprise_uscc", "").strip().upper()
        if not uscc:
            return None
        enterprise = Enterprise.objects.filter(uscc=uscc).first()
        if enterprise is None:
            raise ValidationError(
                _("未找到统一社会信用代码为 %(uscc)s 的企业。") % {"uscc": uscc}, code="unknown"
            )
        return enterprise

    def clean(self) -> dict[str, Any]:
        """Each role carries its scope: a town, a department or an enterprise."""
        data = super().clean()
        role = data.get("role")
        required = {
            Role.TOWN_OFFICER: ("town_code", _("镇街工作人员必须指定所属镇街。")),
            Role.DEPARTMENT_OFFICER: ("department", _("部门工作人员必须指定所属部门。")),
            Role.ENTERPRISE_USER: ("enterprise_uscc", _("企业用户必须指定所属企业。")),
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
        candidate = User(
            username=data.get("username") or self.instance.username,
            email=data.get("email") or self.instance.email,
            display_name=data.get("display_name", ""),
        )
        try:
            validate_password(password, candidate)
        except ValidationError as error:
            self.add_error("password", error)

    def save(self, commit: bool = True) -> User:
        """Save the user, setting the password when one was given."""
        user = super().save(commit=False)
        user.enterprise = self.cleaned_data.get("enterprise_uscc")
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
