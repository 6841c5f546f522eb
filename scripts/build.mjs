#!/usr/bin/env node
// npm run build [-- name …]: bundles every target, or only the named ones.
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle, targets } from './bundles.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const names = process.argv.slice(2);
const all = targets(root);
const unknown = names.filter((name) => !all.some((target) => target.name === name));
if (unknown.length > 0) {
  console.error(`Unknown bundle ${unknown.join(', ')}; known: ${all.map((target) => target.name).join(', ')}.`);
  process.exit(2);
}
const selected = names.length === 0 ? all : all.filter((target) => names.includes(target.name));
await bundle(root, root, selected);
for (const target of selected) console.log(`built ${relative(root, resolve(root, target.output))}`);
