"""Sign-in form with Thai messages, including the lock-out message."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from tidtam.accounts.models import User
from tidtam.accounts.services import account_is_locked


class LoginForm(AuthenticationForm):
    """Django's sign-in form, telling a locked-out person why and for how long."""

    error_messages = {
        "invalid_login": _("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง (ตัวพิมพ์เล็กและใหญ่มีผล)"),
        "inactive": _("บัญชีนี้ถูกระงับการใช้งาน"),
        "locked": _("บัญชีนี้ถูกล็อกชั่วคราวเพราะใส่รหัสผ่านผิดหลายครั้ง กรุณาลองใหม่ภายหลัง"),
    }

    def clean(self) -> dict[str, object]:
        username = self.cleaned_data.get("username")
        if username:
            user = User.objects.filter(username__iexact=username).first()
            if user is not None and account_is_locked(user):
                raise forms.ValidationError(self.error_messages["locked"], code="locked")
        return super().clean()
