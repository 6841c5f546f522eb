// Artifacts must never be lost: S3 down during DELETE keeps every file and a later DELETE succeeds; idle
// sessions are closed with their outputs uploaded. Real server, real kernels, real s3rver.
import { afterEach, describe, expect, it } from 'vitest';
import { useTestExecutor } from './support/harness.js';

// Plain file outputs only: kernels skip the scientific imports and start in milliseconds.
const env = useTestExecutor({ idleTimeoutSeconds: 600, preloadModules: [] });

afterEach(async () => {
  // A test that stopped S3 gets it back before its sessions are closed.
  if (!env.s3.running) await env.s3.start();
});

describe('artifacts', () => {
  it('keeps the files when S3 is unavailable during DELETE, and uploads them on the retried DELETE', async () => {
    const id = await env.client.createSession();
    await env.client.execute(id, 'open("report.md", "w").write("# 매출 보고서\\n총 매출: 125")');
    await env.s3.stop();
    const sleepsBefore = env.clock.sleeps.length;
    const failed = await env.client.request('DELETE', `/sessions/${id}`);
    expect(failed.status).toBe(502);
    expect(failed.json.error).toBe('artifact_upload_failed');
    expect(failed.json.message).toContain('report.md');
    expect(failed.json.message).toContain('failed 3 times');
    // Two backoff waits between the three attempts, driven by the fake clock.
    expect(env.clock.sleeps.length - sleepsBefore).toBe(2);
    expect((await env.client.get(id, 'report.md')).text).toBe('# 매출 보고서\n총 매출: 125');

    await env.s3.start();
    const retried = await env.client.request('DELETE', `/sessions/${id}`);
    expect(retried.status).toBe(200);
    expect(retried.json.artifacts.map((artifact: { key: string }) => artifact.key)).toEqual([
      `sessions/${id}/report.md`,
    ]);
    expect((await env.s3.read(`sessions/${id}/report.md`)).toString()).toBe('# 매출 보고서\n총 매출: 125');
    expect((await env.client.get(id, 'report.md')).status).toBe(404);
  });

  it('uploads an input the code changed, but not one it left alone', async () => {
    const id = await env.client.createSession();
    await env.client.put(id, 'kept.csv', 'a\n1\n');
    await env.client.put(id, 'edited.csv', 'a\n1\n');
    await env.client.execute(id, 'open("edited.csv", "a").write("2\\n")');
    const closed = await env.client.request('DELETE', `/sessions/${id}`);
    expect(closed.json.artifacts).toEqual([expect.objectContaining({ key: `sessions/${id}/edited.csv`, size: 6 })]);
  });

  it('closes idle sessions with their outputs uploaded and leaves active ones open', async () => {
    const idle = await env.client.createSession();
    await env.client.execute(idle, 'open("chart.txt", "w").write("idle output")');
    env.clock.advance(601_000);
    const active = await env.client.createSession();
    expect(await env.executor.expireIdleSessions()).toEqual([idle]);
    expect((await env.s3.read(`sessions/${idle}/chart.txt`)).toString()).toBe('idle output');
    expect((await env.client.execute(idle, '1')).status).toBe(404);
    expect((await env.client.execute(active, '1')).json.status).toBe('ok');
  });
});
