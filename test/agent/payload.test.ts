import { describe, expect, it } from 'vitest';
import { checkSessionId, parseInvocation } from '../../agent/src/payload.js';

describe('parseInvocation', () => {
  it('accepts a prompt alone and defaults report to none', () => {
    expect(parseInvocation('{"prompt":"total sales?"}')).toEqual({
      ok: true,
      invocation: { prompt: 'total sales?', report: 'none' },
      ignoredKeys: [],
    });
  });

  it('drops and names the keys generic AgentCore clients add', () => {
    const parsed = parseInvocation('{"prompt":"p","agentName":"manus","sessionId":"s","userId":"u"}');
    expect(parsed).toEqual({
      ok: true,
      invocation: { prompt: 'p', report: 'none' },
      ignoredKeys: ['agentName', 'sessionId', 'userId'],
    });
  });

  it('accepts an S3 prefix and inline files', () => {
    const s3 = parseInvocation('{"prompt":"p","data":"s3://my-bucket/datasets/moon/","report":"pdf"}');
    expect(s3.ok && s3.invocation.data).toBe('s3://my-bucket/datasets/moon/');
    const inline = parseInvocation(
      JSON.stringify({ prompt: 'p', data: { files: [{ path: 'a/b.csv', content: 'x' }] } }),
    );
    expect(inline.ok && inline.invocation.data).toEqual({
      files: [{ path: 'a/b.csv', content: 'x', encoding: 'utf8' }],
    });
  });

  it.each([
    ['not json', 'body is not valid JSON'],
    ['[]', 'body: Invalid input'],
    ['{"prompt":"   "}', 'prompt: must not be empty'],
    ['{"prompt":"p","report":"docx"}', 'report: Invalid option'],
    ['{"prompt":"p","data":"https://example.com/x.csv"}', 'data: '],
    [
      '{"prompt":"p","data":{"files":[{"path":"../etc/passwd","content":"x"}]}}',
      'data.files.0.path: must be a relative path',
    ],
    ['{"prompt":"p","data":{"files":[{"path":"/abs","content":"x"}]}}', 'data.files.0.path'],
    ['{"prompt":"p","data":{"files":[{"path":"a.csv","content":"x","mode":1}]}}', 'Unrecognized key'],
  ])('rejects %s with a reason naming the field', (body, reason) => {
    const parsed = parseInvocation(body);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toContain(reason);
  });
});

describe('checkSessionId', () => {
  it.each(['session-0123456789abcdef0123456789abcdef', 'local-dev-session', 'x', 'x'.repeat(256)])(
    'accepts %s (any non-empty id up to 256 characters, as the AgentCore CLI sends)',
    (id) => {
      expect(checkSessionId(id)).toBe(id);
    },
  );

  it.each([
    [undefined, 'missing'],
    ['', 'missing'],
    ['x'.repeat(257), '1 to 256'],
    [`${'a'.repeat(40)} b`, '1 to 256'],
    [['a'.repeat(40), 'b'.repeat(40)], 'more than once'],
  ])('rejects %j', (value, message) => {
    const result = checkSessionId(value);
    expect(typeof result === 'object' && !Array.isArray(result) && result.error).toContain(message);
  });
});
