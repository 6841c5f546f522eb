// The agents' tools, each a small zod-declared call into the run's executor session. Results are text the
// model reads; every call is also reported as a `tool` event. A fatal executor error ends the whole run.
import { type InvokableTool, tool } from '@strands-agents/sdk';
import { z } from 'zod';
import type { AgentName } from './events.js';
import { ExecutorError } from './executor-client.js';
import { type Figures, fillFigures } from './figures.js';
import type { Run } from './run.js';

const OUTPUT_LIMIT = 8_000;
const READ_LIMIT = 20_000;

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}\n… [${text.length - limit} more characters cut]`;
}

// biome-ignore lint/suspicious/noExplicitAny: tools of different input types share one list.
type AnyTool = InvokableTool<any, any>;

/** Runs one executor call as a tool step: events, timing, and the fatal-error rule in one place. */
async function step(
  run: Run,
  agent: AgentName,
  name: string,
  action: () => Promise<{ text: string; status?: 'ok' | 'error' | 'timeout'; detail?: string }>,
): Promise<string> {
  const started = performance.now();
  const report = (status: 'ok' | 'error' | 'timeout', detail: string | undefined) =>
    run.emit({
      type: 'tool',
      agent,
      tool: name,
      status,
      durationMs: Math.round(performance.now() - started),
      ...(detail ? { detail: detail.slice(0, 300) } : {}),
    });
  try {
    const result = await action();
    report(result.status ?? 'ok', result.detail);
    return result.text;
  } catch (error) {
    const message = (error as Error).message;
    report('error', message);
    if (error instanceof ExecutorError && error.fatal) run.fail(error);
    if (run.signal.aborted) throw error;
    return `The ${name} call failed: ${message}`;
  }
}

export function runPythonTool(run: Run, agent: AgentName): AnyTool {
  return tool({
    name: 'run_python',
    description:
      'Run Python 3 in the session (pandas, numpy, matplotlib available; state persists between calls; the working directory holds the data files). Returns stdout, stderr, the error with traceback, and the files the code changed.',
    inputSchema: z.object({
      code: z.string().min(1).describe('Python source to run'),
      timeoutSeconds: z.number().int().min(1).max(600).optional().describe('wall-clock limit for this call'),
    }),
    callback: ({ code, timeoutSeconds }) =>
      step(run, agent, 'run_python', async () => {
        const result = await run.session.execute(code, timeoutSeconds ?? run.executeTimeoutSeconds, run.signal);
        const parts = [`status: ${result.status} (${result.durationMs} ms)`];
        if (result.stdout) parts.push(`stdout:\n${clip(result.stdout, OUTPUT_LIMIT)}`);
        if (result.stderr) parts.push(`stderr:\n${clip(result.stderr, OUTPUT_LIMIT)}`);
        if (result.error) {
          parts.push(`error: ${result.error.type}: ${result.error.message}`);
          if (result.error.traceback) parts.push(`traceback:\n${clip(result.error.traceback, OUTPUT_LIMIT)}`);
        }
        if (result.files.length > 0) parts.push(`files changed: ${result.files.join(', ')}`);
        const detail = result.error ? `${result.error.type}: ${result.error.message}` : result.files.join(', ');
        return { text: parts.join('\n'), status: result.status, detail };
      }),
  });
}

export function listFilesTool(run: Run, agent: AgentName): AnyTool {
  return tool({
    name: 'list_files',
    description: 'List the files in the session directory with their sizes.',
    inputSchema: z.object({}),
    callback: () =>
      step(run, agent, 'list_files', async () => {
        const files = await run.session.listFiles(run.signal);
        const lines = files.map((file) => (file.size === undefined ? file.path : `${file.path} (${file.size} bytes)`));
        return { text: lines.length > 0 ? lines.join('\n') : '(no files)' };
      }),
  });
}

export function readFileTool(run: Run, agent: AgentName): AnyTool {
  return tool({
    name: 'read_file',
    description: 'Read a text file from the session directory (the first 20,000 characters).',
    inputSchema: z.object({ path: z.string().min(1).describe('path relative to the session directory') }),
    callback: ({ path }) =>
      step(run, agent, 'read_file', async () => {
        const bytes = await run.session.getFile(path, run.signal);
        const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
        if (text.includes('\u0000')) return { text: `${path} is binary (${bytes.length} bytes).` };
        return { text: clip(text, READ_LIMIT) };
      }),
  });
}

const blockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('heading'), text: z.string() }),
  z.object({ type: z.literal('paragraph'), text: z.string() }),
  z.object({
    type: z.literal('table'),
    columns: z.array(z.string()).min(1),
    rows: z.array(z.array(z.union([z.string(), z.number()]))),
  }),
  // A table the Python saved as CSV (first row the columns): its values reach the PDF without being retyped.
  z.object({ type: z.literal('csv_table'), path: z.string().min(1) }),
  z.object({ type: z.literal('image'), path: z.string(), width_cm: z.number().positive().max(30).optional() }),
]);

export const REPORT_FILE = 'report.pdf';

/**
 * The Reporter's PDF: the blocks go to the executor's manus_report helper as JSON inside a Python string
 * literal, never as code, and {{figure}} placeholders are filled with the validated values first.
 */
export function buildPdfTool(run: Run, figures: () => Figures): AnyTool {
  return tool({
    name: 'build_pdf',
    description: `Build the PDF report ${REPORT_FILE} from blocks: heading, paragraph, table (columns, rows), csv_table (path of a CSV file in the session whose first row holds the columns) and image (path of a PNG in the session, width_cm). Write figures as {{name}} placeholders; they are filled with the validated values.`,
    inputSchema: z.object({ title: z.string().min(1).max(200), blocks: z.array(blockSchema).min(1).max(200) }),
    callback: ({ title, blocks }) =>
      step(run, 'reporter', 'build_pdf', async () => {
        const values = figures();
        const filled = JSON.parse(fillFigures(JSON.stringify({ title, blocks }), values)) as {
          title: string;
          blocks: unknown;
        };
        const payload = JSON.stringify(JSON.stringify({ path: REPORT_FILE, ...filled }));
        const code = [
          'import csv as _csv, json as _json',
          'from manus_report import build_pdf as _build_pdf',
          'def _table_of(_block):',
          "    if _block.get('type') != 'csv_table':",
          '        return _block',
          "    with open(_block['path'], newline='', encoding='utf-8-sig') as _handle:",
          '        _rows = list(_csv.reader(_handle))',
          '    if not _rows:',
          '        raise ValueError(f"The csv_table {_block[\'path\']!r} is empty.")',
          "    return {'type': 'table', 'columns': _rows[0], 'rows': _rows[1:]}",
          `_args = _json.loads(${payload})`,
          "_build_pdf(_args['path'], _args['title'], [_table_of(_block) for _block in _args['blocks']])",
          "print('built', _args['path'])",
        ].join('\n');
        const result = await run.session.execute(code, run.executeTimeoutSeconds, run.signal);
        if (result.status !== 'ok') {
          const reason = result.error ? `${result.error.type}: ${result.error.message}` : result.status;
          return {
            text: `The PDF was not built: ${reason}\n${clip(result.stderr, OUTPUT_LIMIT)}`,
            status: result.status,
            detail: reason,
          };
        }
        return { text: `Built ${REPORT_FILE}.`, detail: REPORT_FILE };
      }),
  });
}
