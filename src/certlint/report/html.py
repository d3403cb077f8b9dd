"""``--format html``: one self-contained page for a reviewer (no scripts, no network).

A summary with counts by clause and severity drawn as an inline SVG bar chart, then each
file with its findings: the place, the sentence with the match highlighted, the message,
the suggestion and the clause of the notice in full.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import TextIO

from certlint.findings import Finding, ScanResult
from certlint.inputs.document import location_label
from certlint.report import ReportContext, summarize

__all__ = ["render_html"]

COLORS = {"error": "#c62828", "warning": "#ef8c00", "info": "#1565c0"}
LABELS = {"error": "错误 error", "warning": "警告 warning", "info": "提示 info"}
_SENTENCE_END = re.compile(r"[。！？!?；;]")

STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2rem auto;max-width:60rem;
color:#222;line-height:1.6;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
.meta{color:#666;font-size:.9rem}
table.counts{border-collapse:collapse;margin:.5rem 0}table.counts td,table.counts th{padding:.2rem .8rem;
border-bottom:1px solid #eee;text-align:left}
.finding{border-left:4px solid #999;padding:.4rem .8rem;margin:.8rem 0;background:#fafafa}
.finding.error{border-color:#c62828}.finding.warning{border-color:#ef8c00}.finding.info{border-color:#1565c0}
.where{font-family:monospace;color:#555}.rule{font-weight:bold}
.sev{display:inline-block;padding:0 .4rem;border-radius:.2rem;color:#fff;font-size:.8rem;margin-right:.4rem}
.sev.error{background:#c62828}.sev.warning{background:#ef8c00}.sev.info{background:#1565c0}
.sentence{font-size:1.05rem}mark{background:#ffe082;padding:0 .1rem}
.fix{color:#2e7d32}blockquote{margin:.3rem 0;padding:.2rem .6rem;border-left:3px solid #90a4ae;color:#455a64;
font-size:.9rem}.errors li{color:#c62828}
figure.picture{margin:.8rem 0}figure.picture svg{width:100%;max-width:40rem;height:auto;border:1px solid #ddd}
rect.box{fill:none}rect.box.error{stroke:#c62828}rect.box.warning{stroke:#ef8c00}rect.box.info{stroke:#1565c0}
text.box-label{fill:#c62828;font-weight:bold}figcaption{color:#666;font-size:.85rem}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _sentence(finding: Finding) -> tuple[str, str, str]:
    """The sentence around the match, split into before / match / after."""
    text, start = finding.excerpt, finding.excerpt_offset
    end = min(len(text), start + len(finding.match))
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right_match = _SENTENCE_END.search(text, end)
    right = right_match.end() if right_match else len(text)
    return text[left:start].lstrip(), text[start:end], text[end:right].rstrip()


def _chart(result: ScanResult, context: ReportContext) -> str:
    """Horizontal bars, one per clause, stacked by severity."""
    per = Counter((c, f.severity.value) for f in result.findings for c in f.clauses)
    clauses = list(summarize(result, context).by_clause)
    if not clauses:
        return ""
    totals = {c: sum(per[(c, s)] for s in COLORS) for c in clauses}
    widest = max(totals.values())
    bar_width, row, left = 420, 28, 70
    height = row * len(clauses) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + bar_width + 60}" height="{height}" '
        f'role="img" aria-label="findings by clause and severity">'
    ]
    for index, clause in enumerate(clauses):
        y = 10 + index * row
        parts.append(f'<text x="0" y="{y + 15}" font-size="13">{_e(clause)}</text>')
        x = float(left)
        for severity, color in COLORS.items():
            count = per[(clause, severity)]
            if not count:
                continue
            width = bar_width * count / widest
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="20" fill="{color}">'
                f"<title>{_e(clause)} {severity}: {count}</title></rect>"
            )
            x += width
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 15}" font-size="13">{totals[clause]}</text>')
    legend_y = height - 6
    for index, (severity, color) in enumerate(COLORS.items()):
        x = left + index * 110
        parts.append(f'<rect x="{x}" y="{legend_y - 10}" width="10" height="10" fill="{color}"/>')
        parts.append(f'<text x="{x + 14}" y="{legend_y}" font-size="12">{severity}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _pictures(path: str, findings: list[Finding]) -> list[str]:
    """For a picture (or a scanned PDF page) with findings: a thumbnail with each finding's
    box drawn on it and numbered, embedded in the page (an inline SVG, a data: image)."""
    import base64

    from certlint.inputs.readers.image import thumbnail

    pages: dict[int | None, list[tuple[int, Finding]]] = {}
    for index, finding in enumerate(findings, start=1):
        if finding.location and "bbox" in finding.location:
            pages.setdefault(finding.location.get("page"), []).append((index, finding))
    out = []
    for page, boxed in pages.items():
        made = thumbnail(path, page)
        if made is None:
            continue
        data, width, height = made
        label = f"{path} p{page}" if page else path
        parts = [
            f'<figure class="picture"><svg viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="{_e(label)}: {len(boxed)} finding boxes" preserveAspectRatio="xMinYMin meet">',
            f'<image href="data:image/jpeg;base64,{base64.b64encode(data).decode()}" x="0" y="0" '
            f'width="{width}" height="{height}"/>',
        ]
        stroke = max(2, width // 300)
        for index, finding in boxed:
            x0, y0, x1, y1 = finding.location["bbox"]  # type: ignore[index]
            parts.append(
                f'<rect class="box {finding.severity.value}" x="{x0}" y="{y0}" width="{x1 - x0}" '
                f'height="{y1 - y0}" stroke-width="{stroke}"><title>{index}. {_e(finding.rule)} '
                f"{_e(finding.match)}</title></rect>"
                f'<text class="box-label" x="{x0}" y="{max(y0 - stroke * 2, stroke * 8)}" '
                f'font-size="{stroke * 8}">{index}</text>'
            )
        parts.append(f"</svg><figcaption>{_e(label)}</figcaption></figure>")
        out.append("".join(parts))
    return out


def render_html(result: ScanResult, context: ReportContext, stream: TextIO) -> None:
    summary = summarize(result, context)
    names = {rule.id: rule.name for pack in context.packs for rule in pack.rules}
    sources = ", ".join(f"{pack.source_number} {pack.title}" for pack in context.packs)
    out: list[str] = [
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="certlint {_e(context.version)}">',
        f"<title>certlint 检查报告 · {summary.findings} findings</title><style>{STYLE}</style></head><body>",
        "<header><h1>certlint 检查报告</h1>",
        f'<p class="meta">certlint {_e(context.version)} · {_e(sources)}</p></header>',
        '<section id="summary"><h2>概况 Summary</h2>',
        f"<p>{summary.findings} 个问题（findings）分布在 {summary.files_with_findings} / {summary.files} 个文件中。</p>",
        '<table class="counts"><tr><th>严重程度 severity</th><th>数量 count</th></tr>',
    ]
    for severity, count in summary.by_severity.items():
        out.append(f'<tr><td><span class="sev {severity}">{_e(LABELS[severity])}</span></td><td>{count}</td></tr>')
    out.append("</table>")
    if summary.by_clause:
        out.append('<table class="counts"><tr><th>条款 clause</th><th>数量 count</th></tr>')
        for clause, count in summary.by_clause.items():
            out.append(f"<tr><td>{_e(clause)}</td><td>{count}</td></tr>")
        out.append("</table>")
        out.append(f'<figure class="chart">{_chart(result, context)}</figure>')
    out.append("</section>")
    if result.errors:
        out.append('<section class="errors"><h2>无法检查的输入 Inputs not scanned</h2><ul>')
        out.extend(f"<li><code>{_e(e.path)}</code>: {_e(e.message)}</li>" for e in result.errors)
        out.append("</ul></section>")
    by_file: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_file.setdefault(finding.path, []).append(finding)
    for number, (path, findings) in enumerate(by_file.items(), start=1):
        out.append(f'<section class="file" id="file-{number}"><h2>{_e(path)} <small>({len(findings)})</small></h2>')
        out.extend(_pictures(path, findings))
        for finding in findings:
            severity = finding.severity.value
            place = location_label(finding.location) or f"{finding.line}:{finding.column}"
            before, match, after = _sentence(finding)
            out.append(f'<article class="finding {severity}">')
            out.append(
                f'<div class="where">{_e(path)}:{_e(place)}</div>'
                f'<div class="rule"><span class="sev {severity}">{severity}</span>'
                f"{_e(finding.rule)} {_e(names.get(finding.rule, ''))}</div>"
            )
            out.append(f'<p class="sentence">{_e(before)}<mark>{_e(match)}</mark>{_e(after)}</p>')
            out.append(f'<p class="message">{_e(finding.message)}</p>')
            out.append(f'<p class="fix">建议：{_e(finding.suggestion)}</p>')
            for clause in finding.clauses:
                text = context.clause_text(finding.rule, clause)
                out.append(f"<blockquote><strong>{_e(clause)}</strong> {_e(text)}</blockquote>")
            out.append("</article>")
        out.append("</section>")
    if not result.findings:
        out.append("<p>没有发现问题。No findings.</p>")
    out.append("</body></html>\n")
    stream.write("\n".join(out))
