#!/usr/bin/env python3
"""A fixture's text as a page LibreOffice prints: one <p> a line, and rows
written with | or tabs as a ruled <table> (a .txt's tables have no rules
for a PDF to carry otherwise)."""
import html, re, sys

def cells(line):
    if '\t' in line:
        return line.split('\t')
    if '|' in line:
        parts = line.strip().strip('|').split('|')
        return parts
    return None

def is_delimiter(line):
    return re.fullmatch(r'\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*', line) is not None

src, out = sys.argv[1], sys.argv[2]
lines = open(src, encoding='utf-8').read().split('\n')
body, table = [], []
def flush():
    if table:
        width = max(len(r) for r in table)
        body.append('<table border="1" cellspacing="0" cellpadding="2">')
        for r in table:
            body.append('<tr>' + ''.join('<td>%s</td>' % html.escape(c.strip()) for c in r + [''] * (width - len(r))) + '</tr>')
        body.append('</table>')
        table.clear()
for line in lines:
    if is_delimiter(line):
        continue
    row = cells(line)
    if row is not None and len(row) >= 2:
        table.append(row)
        continue
    flush()
    body.append('<p>%s</p>' % html.escape(line))
flush()
open(out, 'w', encoding='utf-8').write('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>\n' + '\n'.join(body) + '\n</body></html>\n')
