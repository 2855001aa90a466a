"""The course-completion certificate (结业证书) as a PDF, with a QR code that opens the public verification page."""

import io

import segno
from django.utils import timezone
from reportlab.lib.units import mm
from reportlab.platypus import Image

from niangjia.core import formats, pdf


def certificate_pdf(*, number: str, holder_name: str, course_title: str, hours: float, org_name: str,
                    issued_at, verify_url: str) -> bytes:
    s = pdf.styles()
    qr_png = io.BytesIO()
    segno.make(verify_url, error="m").save(qr_png, kind="png", scale=6, border=2)
    qr_png.seek(0)
    issued = timezone.localtime(issued_at)
    story = [
        pdf.spacer(20),
        pdf.para("结业证书", s["title"]),
        pdf.spacer(10),
        pdf.para(f"{holder_name} 同志：", s["h"]),
        pdf.para(f"完成了{org_name}云课堂课程《{course_title}》的全部学习内容"
                 f"（累计学习 {hours:.1f} 小时），特发此证。", s["body"]),
        pdf.spacer(12),
        pdf.para(f"证书编号：{number}", s["body"]),
        pdf.para(f"发证日期：{formats.day(issued)}", s["body"]),
        pdf.para(f"发证单位：{org_name}", s["body"]),
        pdf.spacer(10),
        Image(qr_png, width=35 * mm, height=35 * mm),
        pdf.para("扫描二维码查验证书真伪", s["small"]),
        pdf.para(verify_url, s["small"]),
    ]
    return pdf.build(f"结业证书 {number}", story)
