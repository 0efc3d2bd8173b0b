"""The admin form that starts a legacy import."""

import json
from pathlib import Path
from urllib.parse import urlsplit

from django import forms
from wagtail.models import Site

from .models import ImportJob

MAX_EXPORT_BYTES = 50 * 1024 * 1024


def parse_mapping(text: str) -> dict:
    """The mapping as typed in the admin: JSON with a ``columns`` object."""
    text = (text or "").strip()
    if not text:
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise forms.ValidationError(
            f"栏目映射不是有效的 JSON（第{exc.lineno}行）：{exc.msg}"
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise forms.ValidationError("栏目映射须为 JSON 对象，并含有 columns 对象")
    return data


class StartImportForm(forms.Form):
    site = forms.ModelChoiceField(
        label="迁入网站",
        queryset=Site.objects.order_by("hostname"),
        help_text="文章导入到该网站的标准栏目中",
    )
    kind = forms.ChoiceField(label="来源类型", choices=ImportJob.Kind.choices)
    start_url = forms.URLField(
        label="旧站首页地址",
        assume_scheme="http",
        required=False,
        max_length=1000,
        help_text="从此地址开始抓取，只抓取同一域名下的网页",
    )
    folder = forms.CharField(
        label="网页目录（服务器上的路径）", required=False, max_length=1000
    )
    base_url = forms.URLField(
        label="旧站地址",
        assume_scheme="http",
        required=False,
        max_length=1000,
        help_text="网页目录或导出文件中的相对地址按此地址解析，如 http://www.old.gov.cn/",
    )
    export_file = forms.FileField(
        label="导出文件（JSON、CSV，或连同图片附件打包的 ZIP）",
        required=False,
        help_text="字段：id、url、title、date、column、body_html、attachments；"
        "附件路径相对于导出文件",
    )
    mapping = forms.CharField(
        label="栏目映射（JSON，可留空）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="留空时按栏目名称自动建议映射，导入后可在任务页修改并重新导入",
    )

    def clean_mapping(self):
        return parse_mapping(self.cleaned_data.get("mapping", ""))

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == ImportJob.Kind.CRAWL and not data.get("start_url"):
            self.add_error("start_url", "请填写旧站首页地址")
        if kind == ImportJob.Kind.FOLDER:
            if not data.get("folder"):
                self.add_error("folder", "请填写网页目录")
            elif not Path(data["folder"]).is_dir():
                self.add_error("folder", "服务器上没有这个目录")
            if not data.get("base_url"):
                self.add_error("base_url", "导入网页目录时须填写旧站地址")
        if kind == ImportJob.Kind.EXPORT:
            upload = data.get("export_file")
            if not upload:
                self.add_error("export_file", "请上传导出文件")
            elif not upload.name.lower().endswith((".json", ".csv", ".zip")):
                self.add_error("export_file", "只接受 .json、.csv 或 .zip 文件")
            elif upload.size > MAX_EXPORT_BYTES:
                self.add_error("export_file", "文件超过 50 MB")
        for name in ("start_url", "base_url"):
            url = data.get(name)
            if url and urlsplit(url).scheme not in ("http", "https"):
                self.add_error(name, "地址须以 http:// 或 https:// 开头")
        return data


class RerunForm(forms.Form):
    mapping = forms.CharField(
        label="栏目映射（JSON）",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="目标为标准栏目路径，如 gzdt、tzgg、zcwj/zcjd；null 表示不导入该栏目",
    )

    def clean_mapping(self):
        return parse_mapping(self.cleaned_data.get("mapping", ""))
