"""安全管理员's page: current login locks (unlock) and second-factor reset."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_otp import devices_for_user

from ..audit import record
from ..models import LoginThrottle
from ..services.roles import SECURITY_ADMIN
from . import lockout


def is_security_admin(user) -> bool:
    return user.is_active and (
        user.is_superuser or user.groups.filter(name=SECURITY_ADMIN).exists()
    )


def _require_security_admin(request):
    if not is_security_admin(request.user):
        raise PermissionDenied


class ResetSecondFactorForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    reason = forms.CharField(label="原因", max_length=200)


def login_locks(request):
    _require_security_admin(request)
    locks = LoginThrottle.objects.filter(locked_until__gt=timezone.now()).order_by(
        "-locked_until"
    )
    return TemplateResponse(
        request,
        "sites/admin/login_locks.html",
        {"locks": locks, "reset_form": ResetSecondFactorForm()},
    )


@require_POST
def unlock(request, pk):
    _require_security_admin(request)
    lock = get_object_or_404(LoginThrottle, pk=pk)
    lockout.unlock(lock, by=request.user, request=request)
    messages.success(request, f"已解除锁定：{lock}")
    return redirect("cluster_login_locks")


@require_POST
def reset_second_factor(request):
    """A user who lost their phone and recovery codes enrols again at next login."""
    _require_security_admin(request)
    form = ResetSecondFactorForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写用户名和原因。")
        return redirect("cluster_login_locks")
    user = (
        get_user_model().objects.filter(username=form.cleaned_data["username"]).first()
    )
    if user is None:
        messages.error(request, "没有这个用户。")
        return redirect("cluster_login_locks")
    if user.pk == request.user.pk:
        messages.error(request, "不能重置自己的动态口令。")
        return redirect("cluster_login_locks")
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    record(
        "cluster.otp_reset",
        user=request.user,
        obj=user,
        request=request,
        reason=form.cleaned_data["reason"],
    )
    messages.success(
        request, f"已重置 {user.get_username()} 的动态口令，下次登录时重新绑定。"
    )
    return redirect("cluster_login_locks")
