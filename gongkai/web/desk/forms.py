from __future__ import annotations

from datetime import date

from django import forms

from . import lifecycle
from .models import ActiveFigures, Case, Request, ReplyTemplate

PUBLIC_FIELDS = ["applicant_type", "name", "id_type", "id_number", "contact_person", "phone", "email", "address",
                 "postcode", "description", "document_number", "form", "delivery", "purpose"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kw):
        super().__init__(format="%Y-%m-%d", **kw)


class ApplicationForm(forms.ModelForm):
    """The public application (条例第二十九条). Sizes are bounded by the model's max_length."""
    # A field people never see: bots fill it in.
    website = forms.CharField(required=False, widget=forms.HiddenInput, max_length=100)

    class Meta:
        model = Request
        fields = PUBLIC_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 5}), "purpose": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"description": "请写明所需政府信息的名称、文号或者便于查询的其他特征性描述"}

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError("提交失败，请重试")
        if data.get("delivery") == Request.Delivery.EMAIL and not data.get("email"):
            self.add_error("email", "选择电子邮件方式获取信息时，请填写电子邮箱")
        if data.get("delivery") == Request.Delivery.POST and not data.get("address"):
            self.add_error("address", "选择邮寄方式获取信息时，请填写通信地址")
        if data.get("applicant_type") and data["applicant_type"] != "natural_person" and not data.get("contact_person"):
            self.add_error("contact_person", "法人或者其他组织申请的，请填写联系人")
        return data


class StaffRequestForm(ApplicationForm):
    """A letter, fax or in-person request recorded by staff, with its date of receipt (第三十一条)."""
    class Meta(ApplicationForm.Meta):
        fields = ["channel", "received"] + PUBLIC_FIELDS
        widgets = {**ApplicationForm.Meta.widgets, "received": DateInput()}
        help_texts = {**ApplicationForm.Meta.help_texts,
                      "received": "当面提交：提交之日；邮寄：签收之日；平常信函：与申请人确认之日；"
                                  "互联网渠道或传真：双方确认之日（条例第三十一条）"}

    def clean_received(self):
        d = self.cleaned_data["received"]
        if d > date.today():
            raise forms.ValidationError("收到申请日期不能晚于今天")
        return d


class CaseForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = ["kind", "number", "filed", "result", "concluded", "note"]
        widgets = {"filed": DateInput(), "concluded": DateInput()}

    def clean(self):
        data = super().clean()
        if data.get("result") and data["result"] != "pending" and not data.get("concluded"):
            self.add_error("concluded", "已审结的案件请填写审结日期")
        if data.get("concluded") and data.get("filed") and data["concluded"] < data["filed"]:
            self.add_error("concluded", "审结日期早于立案日期")
        return data


class ActiveFiguresForm(forms.ModelForm):
    class Meta:
        model = ActiveFigures
        exclude = ["agency", "year"]


class ReplyTemplateForm(forms.ModelForm):
    class Meta:
        model = ReplyTemplate
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}

    def clean_body(self):
        from django.template import Template, TemplateSyntaxError
        body = self.cleaned_data["body"]
        try:
            Template(body)
        except TemplateSyntaxError as e:
            raise forms.ValidationError(f"模板语法错误：{e}")
        return body


class ComposeForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2019, max_value=2100)


OUTCOME_CHOICES = list(lifecycle.OUTCOMES.items())
