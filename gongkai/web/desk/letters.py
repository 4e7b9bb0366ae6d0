"""Reply letters (告知书): editable Django-template text per outcome, rendered to DOCX and PDF."""
from __future__ import annotations

from datetime import date
from html import escape
import io

from django.template import Context, Template

from . import lifecycle

HEAD = ("{{ request.name }}：\n"
        "本机关于{{ received }}收到您（单位）提出的政府信息公开申请（查询码：{{ request.code }}），"
        "申请获取“{{ request.description|truncatechars:200 }}”。")
TAIL = ("\n如对本答复不服，可以自收到本告知书之日起六十日内依法申请行政复议，"
        "或者在六个月内依法向人民法院提起行政诉讼。\n{{ agency.name }}\n{{ today }}")

SPECIFIC = {
    "granted": "经审查，您申请获取的政府信息属于公开范围，根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，现予以公开，随本告知书一并提供。",
    "partial": "经审查，您申请获取的政府信息中部分内容属于不予公开范围，根据《中华人民共和国政府信息公开条例》第三十七条的规定，本机关对可以公开的部分予以提供，并对不予公开的内容说明理由：{{ request.reply_note }}",
    "denied_state_secret": "经审查，您申请获取的政府信息属于国家秘密，根据《中华人民共和国政府信息公开条例》第十四条的规定，不予公开。",
    "denied_prohibited": "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的信息，根据《中华人民共和国政府信息公开条例》第十四条的规定，不予公开。",
    "denied_security": "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，根据《中华人民共和国政府信息公开条例》第十四条的规定，不予公开。",
    "denied_third_party": "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，根据《中华人民共和国政府信息公开条例》第十五条的规定，不予公开。",
    "denied_internal": "经审查，您申请获取的信息属于本机关的内部事务信息，根据《中华人民共和国政府信息公开条例》第十六条第一款的规定，不予公开。",
    "denied_process": "经审查，您申请获取的信息属于过程性信息，根据《中华人民共和国政府信息公开条例》第十六条第二款的规定，不予公开。",
    "denied_enforcement_file": "经审查，您申请获取的信息属于行政执法案卷信息，根据《中华人民共和国政府信息公开条例》第十六条第二款的规定，不予公开。",
    "denied_query": "经审查，您申请获取的信息属于行政查询事项，根据《中华人民共和国政府信息公开条例》第三十六条第（七）项的规定，请依照有关法律、行政法规的规定办理。",
    "unable_not_held": "经检索查找，本机关未制作或者获取您申请的政府信息，根据《中华人民共和国政府信息公开条例》第三十六条第（四）项的规定，告知您该政府信息不存在。",
    "unable_needs_creation": "经审查，您申请获取的信息需要本机关对现有政府信息进行加工、分析，根据《中华人民共和国政府信息公开条例》第三十八条的规定，本机关不予提供。",
    "unable_unclear": "经审查，您补正后的申请内容仍不明确，本机关无法确定您所需的政府信息，根据《中华人民共和国政府信息公开条例》第三十条的规定，无法提供。",
    "unprocessed_petition": "经审查，您提出的申请属于信访、投诉、举报等事项，根据《中华人民共和国政府信息公开条例》第三十九条第一款的规定，本机关不作为政府信息公开申请处理，请通过相应渠道提出。",
    "unprocessed_duplicate": "经审查，您申请公开的政府信息本机关已经作出答复，您重复申请公开相同政府信息，根据《中华人民共和国政府信息公开条例》第三十六条第（六）项的规定，本机关不予重复处理。",
    "unprocessed_publication": "经审查，您申请获取的是公开出版物，根据《中华人民共和国政府信息公开条例》第三十九条第二款的规定，请通过相应渠道获取。",
    "unprocessed_excessive": "经审查，您申请公开政府信息的数量、频次明显超过合理范围，且说明的理由不合理，根据《中华人民共和国政府信息公开条例》第三十五条的规定，本机关不予处理。",
    "unprocessed_confirmation": "经审查，您的申请要求本机关确认或者重新出具已获取的信息，不属于政府信息公开申请的处理范围，本机关不予处理。",
    "other_no_correction": "本机关已于{{ request.correction_notice }}通知您补正申请，您无正当理由逾期未补正，根据《中华人民共和国政府信息公开条例》第三十条的规定，视为放弃申请，本机关不再处理该政府信息公开申请。",
    "other_no_fee": "本机关已于{{ request.fee_notice }}向您发出收费通知，您逾期未缴纳信息处理费，根据《政府信息公开信息处理费管理办法》的规定，视为放弃申请，本机关不再处理该政府信息公开申请。",
    "other_other": "经审查，{{ request.reply_note }}",
}


def default_template(outcome: str) -> tuple[str, str]:
    title = f"政府信息公开申请答复告知书（{lifecycle.OUTCOMES[outcome]}）"
    return title, HEAD + "\n" + SPECIFIC[outcome] + TAIL


def ensure_templates() -> None:
    """Create the shipped default template of every outcome that has none yet (editable afterwards)."""
    from .models import ReplyTemplate
    have = set(ReplyTemplate.objects.values_list("outcome", flat=True))
    for outcome in lifecycle.OUTCOMES:
        if outcome not in have:
            title, body = default_template(outcome)
            ReplyTemplate.objects.create(outcome=outcome, title=title, body=body)


def _zh(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def letter_text(req, today: date | None = None) -> tuple[str, str]:
    from .models import ReplyTemplate
    if not req.outcome:
        raise ValueError("申请尚未办结，没有答复")
    t = ReplyTemplate.objects.filter(outcome=req.outcome).first()
    title, body = (t.title, t.body) if t else default_template(req.outcome)
    ctx = Context({"request": req, "agency": req.agency, "outcome_label": req.outcome_label,
                   "received": _zh(req.received), "today": _zh(today or req.closed_on)}, autoescape=False)
    return title, Template(body).render(ctx).strip()


def letter_docx(title: str, body: str) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    h = doc.add_paragraph()
    h.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = h.add_run(title)
    run.bold = True
    for line in body.split("\n"):
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def letter_html(title: str, body: str) -> str:
    paras = "".join(f"<p>{escape(line)}</p>" for line in body.split("\n"))
    return ("<!doctype html><html lang=zh-CN><meta charset=utf-8><style>body{font-family:'Noto Serif CJK SC',"
            "serif;font-size:14pt;line-height:1.8;margin:2cm}h1{text-align:center;font-size:18pt}"
            f"p{{text-indent:2em;margin:0}}</style><h1>{escape(title)}</h1>{paras}</html>")


def letter_pdf(title: str, body: str) -> bytes:
    """PDF via WeasyPrint (as gongkai.render.pdf does); RuntimeError when it cannot run here."""
    try:
        import weasyprint
    except (ImportError, OSError) as e:
        raise RuntimeError(f"无法生成PDF：WeasyPrint 不可用（{e}）") from e
    return weasyprint.HTML(string=letter_html(title, body)).write_pdf()
