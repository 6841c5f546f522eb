// Both real images, built and pushed by the bundled push-image action through podman's Docker-compatible API
// into a real registry on 127.0.0.1, then pulled into a fresh store and run: the executor runs Python, the
// agent answers its AgentCore health check. The executor also renders a Korean PDF report, so the slimmed
// image still holds what manus_report.py needs (pandas, matplotlib, reportlab, the NanumGothic files).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionRun } from './support/action.js';
import { ContainerLab } from './support/lab.js';
import { freePort } from './support/processes.js';
import { buildServiceBundles, PROJECT_IMAGES, type ProjectImage, pushProjectImage } from './support/project-images.js';

const TAG = `e2e-${process.pid}`;
// The executor image runs with NODE_ENV=production, where a token under 32 characters is refused.
const TOKEN = 'e2e-executor-token-of-at-least-32-characters';
const HEADERS = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
const REPORT = `
import pandas as pd
from manus_report import build_pdf, use_korean_font

sales = pd.DataFrame({"카테고리": ["과일", "채소"], "매출": [125000, 80000]})
use_korean_font()
sales.plot.bar(x="카테고리", y="매출", title="카테고리별 매출").figure.savefig("chart.png", dpi=60)
build_pdf("report.pdf", "이미지 매출 보고서", [
    {"type": "paragraph", "text": "총 매출은 205,000원입니다."},
    {"type": "table", "columns": list(sales.columns), "rows": sales.values.tolist()},
    {"type": "image", "path": "chart.png", "width_cm": 10},
])
`;

describe('the project images, pushed by push-image and run from the registry', () => {
  let lab: ContainerLab;
  let executorUrl: string;
  const pushed = new Map<ProjectImage['name'], ActionRun>();

  beforeAll(async () => {
    await buildServiceBundles();
    lab = await ContainerLab.start();
  }, 600_000);
  // Removing gigabytes of image layers is slow on a disk mounted with discard.
  afterAll(async () => lab?.stop(), 600_000);

  /** Pulls and starts a pushed image; resolves once `path` answers 200, fails at once if the container exits. */
  async function start(name: ProjectImage['name'], env: Record<string, string>, path: string): Promise<string> {
    const run = pushed.get(name);
    if (!run) throw new Error(`the ${name} image was not pushed`);
    const port = await freePort();
    const id = await lab.pullAndRun(run.outputs.image as string, { ...env, HOST: '127.0.0.1', PORT: String(port) });
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const answer = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } }).catch(() => null);
      if (answer?.ok) return url;
      const state = await lab.podman('run', ['inspect', '--format', '{{.State.Status}}', id]);
      if (state.stdout.trim() !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`The ${name} container never answered ${path}; its log:\n${await lab.containerLogs(id)}`);
  }

  it('builds and pushes both images with the action, each as one single-platform manifest', async () => {
    // Both at once: the builds wait on the network as much as on the two cores.
    const runs = await Promise.all(PROJECT_IMAGES.map((image) => pushProjectImage(lab, image, TAG)));
    for (const [index, image] of PROJECT_IMAGES.entries()) {
      const run = runs[index] as ActionRun;
      pushed.set(image.name, run);
      expect(run.outputs).toMatchObject({ tag: TAG, skipped: 'false' });
      expect(run.outputs.image).toBe(`${lab.registryHost}/${image.repository}@${run.outputs.digest}`);
      expect(run.summary).toMatch(/\| platform \| linux\/(amd64|arm64) \|/);
    }
  }, 1_500_000);

  async function call(method: string, path: string, body?: unknown) {
    const response = await fetch(`${executorUrl}${path}`, {
      method,
      headers: HEADERS,
      body: JSON.stringify(body ?? {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('runs print(1+1) in the executor pulled into a fresh store', async () => {
    executorUrl = await start('executor', { EXECUTOR_TOKEN: TOKEN }, '/health');
    const health = await fetch(`${executorUrl}/health`, { headers: HEADERS });
    expect(await health.json()).toMatchObject({ status: expect.any(String) });

    const created = await call('POST', '/sessions');
    expect(created).toMatchObject({ status: 201, body: { sessionId: expect.any(String) } });
    const executed = await call('POST', `/sessions/${created.body.sessionId}/execute`, { code: 'print(1+1)' });
    expect(executed).toMatchObject({ status: 200, body: { status: 'ok', stdout: '2\n' } });
  }, 300_000);

  it('renders a PDF report with Korean text in NanumGothic in the executor', async () => {
    const created = await call('POST', '/sessions');
    const session = `${executorUrl}/sessions/${created.body.sessionId}`;
    const executed = await call('POST', `/sessions/${created.body.sessionId}/execute`, { code: REPORT });
    expect(executed).toMatchObject({ status: 200, body: { status: 'ok', files: ['chart.png', 'report.pdf'] } });
    const pdf = await fetch(`${session}/files/report.pdf`, { headers: HEADERS });
    const file = join(lab.dir, 'report.pdf');
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    for (const expected of ['이미지 매출 보고서', '총 매출은 205,000원입니다.', '카테고리', '125,000']) {
      expect(text).toContain(expected);
    }
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/\+NanumGothic\s/);
    expect(fonts).toMatch(/\+NanumGothicBold\s/);
  }, 300_000);

  it('answers /ping from the agent pulled into a fresh store', async () => {
    // The production model provider: /ping needs no model call, so no AWS access is needed here.
    const agentUrl = await start(
      'agent',
      {
        MODEL_PROVIDER: 'bedrock',
        AWS_REGION: 'us-east-1',
        EXECUTOR_URL: executorUrl,
        EXECUTOR_TOKEN: TOKEN,
        ARTIFACTS_BUCKET: 'e2e-artifacts',
      },
      '/ping',
    );
    const ping = await fetch(`${agentUrl}/ping`);
    expect(await ping.json()).toMatchObject({ status: expect.stringMatching(/^Healthy(Busy)?$/) });
  }, 300_000);

  it('skips a second push of the same tag and reports the same digest', async () => {
    const agent = PROJECT_IMAGES.find((image) => image.name === 'agent') as ProjectImage;
    const again = await pushProjectImage(lab, agent, TAG);
    expect(again.outputs).toMatchObject({ skipped: 'true', digest: pushed.get('agent')?.outputs.digest });
    expect(again.log).toContain(`Tag ${TAG} already exists`);
    expect(again.log).not.toContain('STEP 1/');
  }, 300_000);
});
