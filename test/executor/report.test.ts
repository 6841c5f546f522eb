// The Reporter's PDF helper (manus_report) as a session uses it: importable without setup, Korean text
// embedded in NanumGothic so it extracts back as the same characters, and clear errors for bad blocks.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestExecutor } from './support/harness.js';

const env = useTestExecutor({ poolSize: 1 });
const scratch = mkdtempSync(join(tmpdir(), 'executor-report-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const REPORT = `
import matplotlib.pyplot as plt
from manus_report import build_pdf, use_korean_font

use_korean_font()
plt.figure(figsize=(5, 3))
plt.bar(["과일", "채소"], [125000, 80000])
plt.title("카테고리별 매출")
plt.savefig("chart.png", dpi=80)
build_pdf("report.pdf", "문마켓 매출 보고서", [
    {"type": "heading", "text": "요약"},
    {"type": "paragraph", "text": "총 매출은 205,000원입니다. <b> & 기호도 그대로."},
    {"type": "table", "columns": ["카테고리", "매출"], "rows": [["과일", 125000], ["채소", 80000]]},
    {"type": "image", "path": "chart.png", "width_cm": 12},
])
`;

describe('manus_report', () => {
  it('builds a PDF whose Korean text extracts back unchanged', async () => {
    const id = await env.client.createSession();
    const run = await env.client.execute(id, REPORT);
    expect(run.json.error).toBeUndefined();
    expect(run.json.files).toEqual(['chart.png', 'report.pdf']);
    const pdf = await env.client.get(id, 'report.pdf');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(pdf.body.subarray(0, 5)).toString()).toBe('%PDF-');
    const file = join(scratch, 'report.pdf');
    writeFileSync(file, pdf.body);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    for (const expected of [
      '문마켓 매출 보고서',
      '요약',
      '총 매출은 205,000원입니다. <b> & 기호도 그대로.',
      '카테고리',
      '125,000',
    ]) {
      expect(text).toContain(expected);
    }
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toContain('NanumGothic');
  });

  it('names the offending block when one is malformed', async () => {
    const id = await env.client.createSession();
    const reply = await env.client.execute(
      id,
      'from manus_report import build_pdf\nbuild_pdf("bad.pdf", "t", [{"type": "heading", "text": "a"}, {"type": "chart"}])',
    );
    expect(reply.json.error).toMatchObject({
      type: 'ValueError',
      message: "Block 1 has type 'chart'; use heading, paragraph, table or image.",
    });
    const table = await env.client.execute(
      id,
      'build_pdf("bad.pdf", "t", [{"type": "table", "columns": ["a", "b"], "rows": [[1]]}])',
    );
    expect(table.json.error.message).toBe('Table row 0 has 1 cells; the table has 2 columns.');
  });
});
