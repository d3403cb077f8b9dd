"""Fixture documents built in the tests: Word, PowerPoint and PDF files with violations
planted in each kind of place."""

from __future__ import annotations

import io
from pathlib import Path


def make_docx(path: Path) -> Path:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_heading("营养师研修班招生简章", level=1)  # P1
    document.add_paragraph("本课程面向有志于从事健康管理工作的学员。")  # P2
    document.add_paragraph("结业颁发国家高级营养师证书，国家认可，全国通用。")  # P3
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "项目"
    table.cell(0, 1).text = "说明"
    table.cell(1, 0).text = "费用"
    table.cell(1, 1).text = "培训费3980元，另收入库费600元"
    table.cell(2, 0).text = "承诺"
    table.cell(2, 1).text = "学员须参加全部课程"
    box = document.add_paragraph("联系我们")  # P4, holds a text box
    box._p.append(
        parse_xml(
            '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
            "<w:p><w:r><w:t>报名即包过</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    section = document.sections[0]
    section.header.paragraphs[0].text = "人社部颁发 · 官方认证"
    section.footer.paragraphs[0].text = "某某职业培训学校 版权所有"
    document.save(str(path))
    return path


def make_clean_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("电工培训：学员须完成全部课时并通过考核。")
    document.add_paragraph("考核合格者由本机构颁发职业技能等级证书。")
    document.save(str(path))
    return path


def make_pdf(path: Path, *, image_page: bool = False, password: str | None = None) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    kwargs = {}
    if password is not None:
        from reportlab.lib import pdfencrypt

        kwargs["encrypt"] = pdfencrypt.StandardEncryption(password, canPrint=0)
    pdf = canvas.Canvas(str(path), **kwargs)
    pdf.setFont("STSong-Light", 14)
    pdf.drawString(50, 800, "职业技能培训结业证书")
    pdf.drawString(50, 780, "该学员完成全部课程，成绩合格。")
    pdf.showPage()
    pdf.setFont("STSong-Light", 14)
    pdf.drawString(50, 800, "证书说明")
    pdf.drawString(50, 780, "本证书终身有效，全国联网可查。")
    pdf.showPage()
    if image_page:
        from PIL import Image
        from reportlab.lib.utils import ImageReader

        image = Image.new("RGB", (40, 20), "white")
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        pdf.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 50, 700, width=200, height=100)
        pdf.showPage()
    pdf.save()
    return path


def make_pptx(path: Path) -> Path:
    from pptx import Presentation
    from pptx.util import Inches

    presentation = Presentation()
    first = presentation.slides.add_slide(presentation.slide_layouts[1])
    first.shapes.title.text = "课程介绍"
    first.placeholders[1].text = "学员须完成全部课时。"
    second = presentation.slides.add_slide(presentation.slide_layouts[5])
    second.shapes.title.text = "证书"
    box = second.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(1))
    box.text_frame.text = "颁发国家认可的高级证书"
    second.notes_slide.notes_text_frame.text = "讲解时强调：包过，不过退款。"
    presentation.save(str(path))
    return path
