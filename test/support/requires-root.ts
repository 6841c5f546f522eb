// Tests that only root can run (other uids, mounts): skipped, with the reason in the name, on a developer's
// machine without root; under CI=true they fail instead, so a pipeline that lost root cannot go green without them.
import { it } from 'vitest';

export const isRoot = process.getuid?.() === 0;
const inCi = process.env.CI === 'true';

type TestBody = () => Promise<void> | void;

export function itAsRoot(name: string, body: TestBody, timeoutMs?: number): void {
  if (isRoot) it(name, body, timeoutMs);
  else if (inCi) {
    it(name, () => {
      throw new Error(`"${name}" needs root and CI=true is set: run the suite as root (e.g. sudo -E) in CI.`);
    });
  } else it.skip(`${name} (needs root)`, body);
}
