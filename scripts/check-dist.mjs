#!/usr/bin/env node
// npm run check-dist: rebuilds the committed bundles into a temporary folder and fails when
// any differs from the one in the tree, or is missing.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle, targets } from './bundles.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const committed = targets(root).filter((target) => target.committed);
const scratch = mkdtempSync(join(tmpdir(), 'check-dist-'));
try {
  await bundle(root, scratch, committed);
  const stale = committed.filter((target) => {
    const inTree = join(root, target.output);
    return !existsSync(inTree) || !readFileSync(inTree).equals(readFileSync(join(scratch, target.output)));
  });
  if (stale.length > 0) {
    for (const target of stale)
      console.error(`stale: ${target.output} does not match a fresh build of ${target.entry}`);
    console.error('Run `npm run build` and commit the bundles with the sources they come from.');
    process.exit(1);
  }
  console.log(`dist up to date: ${committed.map((target) => target.output).join(', ') || 'no bundles'}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
