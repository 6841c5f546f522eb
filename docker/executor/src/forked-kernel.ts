// What a kernel needs of whatever forks it (the zygote, zygote.ts): a process id, a channel once the kernel has
// connected, and how it ended. Kept apart so a kernel depends on this promise, not on the zygote itself.
import type { Socket } from 'node:net';

export interface KernelExit {
  code: number | null;
  signal: string | null;
}

export interface ForkedKernel {
  pid: number;
  /** The kernel's channel, once it has connected and named its nonce. */
  channel: Promise<Socket>;
  /** Reported when the zygote reaps it; `undefined` when the zygote died before it could tell. */
  exit: Promise<KernelExit | undefined>;
}

export interface KernelForker {
  fork(): Promise<ForkedKernel>;
}
