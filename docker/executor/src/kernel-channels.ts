// Where forked kernels reach the server: a Unix socket in a folder only the server's user can enter (0700),
// so no session's code can even connect. Each kernel's first frame is the one-time nonce its fork was asked
// with; a connection naming no expected nonce is closed at once, so a connection is always the kernel it claims.
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';

/** Linux's limit on a socket path (sun_path), less its terminating NUL. */
const MAX_SOCKET_PATH = 107;
const HELLO_LIMIT = 256;

interface Expected {
  resolve(socket: Socket): void;
  reject(error: Error): void;
}

export class KernelChannels {
  readonly path: string;
  private readonly server: Server;
  private readonly expected = new Map<string, Expected>();
  private readonly sockets = new Set<Socket>();

  constructor(private readonly dir: string) {
    this.path = join(dir, 'kernels.sock');
    if (Buffer.byteLength(this.path) > MAX_SOCKET_PATH) {
      throw new Error(
        `The kernels' socket ${this.path} is longer than ${MAX_SOCKET_PATH} bytes; choose a shorter sessions folder.`,
      );
    }
    this.server = createServer((socket) => this.greet(socket));
  }

  async listen(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
    await mkdir(this.dir, { mode: 0o700 });
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.path, () => resolve());
    });
  }

  /** A fresh nonce and the socket the kernel that names it connects with. */
  expect(): { nonce: string; connected: Promise<Socket> } {
    const nonce = randomBytes(16).toString('hex');
    const connected = new Promise<Socket>((resolve, reject) => this.expected.set(nonce, { resolve, reject }));
    connected.catch(() => {});
    return { nonce, connected };
  }

  /** The kernel of `nonce` will never connect (it died first). */
  abandon(nonce: string, reason: Error): void {
    this.expected.get(nonce)?.reject(reason);
    this.expected.delete(nonce);
  }

  async close(): Promise<void> {
    for (const nonce of [...this.expected.keys()]) this.abandon(nonce, new Error('The executor is shutting down.'));
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Reads the hello frame (4-byte length, JSON `{nonce}`) and hands the socket over, the bytes after it unread. */
  private greet(socket: Socket): void {
    let buffer = Buffer.alloc(0);
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {});
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length < 4) return;
      const length = buffer.readUInt32BE(0);
      if (length > HELLO_LIMIT) return socket.destroy();
      if (buffer.length < 4 + length) return;
      socket.off('data', onData);
      socket.pause();
      const nonce = parseNonce(buffer.subarray(4, 4 + length));
      const waiter = nonce === undefined ? undefined : this.expected.get(nonce);
      if (nonce === undefined || waiter === undefined) return socket.destroy();
      this.expected.delete(nonce);
      if (buffer.length > 4 + length) socket.unshift(buffer.subarray(4 + length));
      waiter.resolve(socket);
    };
    socket.on('data', onData);
  }
}

function parseNonce(frame: Buffer): string | undefined {
  try {
    const { nonce } = JSON.parse(frame.toString('utf8')) as { nonce?: unknown };
    return typeof nonce === 'string' ? nonce : undefined;
  } catch {
    return undefined;
  }
}
