// Server-sent events from a byte stream whose chunks may split a frame (or a UTF-8 character) anywhere:
// `data:` lines are joined per frame, frames end at a blank line, comments and other fields are skipped.

export class StreamError extends Error {
  override name = 'StreamError';
}

export async function* sseData(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  const lines = function* (final: boolean): Generator<string> {
    let newline = buffer.search(/\r\n|\r|\n/);
    while (newline >= 0) {
      // A lone \r at the very end may be the first half of \r\n: wait for the next chunk.
      if (!final && buffer[newline] === '\r' && newline === buffer.length - 1) break;
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      yield line;
      newline = buffer.search(/\r\n|\r|\n/);
    }
  };
  const take = function* (line: string): Generator<string> {
    if (line === '') {
      if (data.length > 0) yield data.join('\n');
      data = [];
    } else if (line.startsWith('data:')) {
      data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
    }
  };
  for await (const chunk of chunks) {
    buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    for (const line of lines(false)) yield* take(line);
  }
  buffer += decoder.decode();
  for (const line of lines(true)) yield* take(line);
  if (buffer !== '') yield* take(buffer);
  // A frame not closed by a blank line when the stream ends is still delivered: its JSON decides.
  if (data.length > 0) yield data.join('\n');
}

/** Each frame as JSON; a frame that is not JSON is a broken stream. */
export async function* sseEvents(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<Record<string, unknown>> {
  for await (const frame of sseData(chunks)) {
    let value: unknown;
    try {
      value = JSON.parse(frame);
    } catch {
      throw new StreamError(`the stream sent a frame that is not JSON: ${JSON.stringify(frame.slice(0, 200))}`);
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) yield value as Record<string, unknown>;
    else if (typeof value === 'string') yield { type: 'text', text: value };
  }
}
