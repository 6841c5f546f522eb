// npm run bench:images — builds and pushes both images with the push-image action in the local container lab
// (as the end-to-end test does), pulls them into a fresh store and prints their sizes against the goals:
// uncompressed, compressed (the layer blobs a pull transfers), and what a push of a code-only change adds to
// the registry (the image rebuilt with only its bundle changed).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatBytes } from '../../actions/push-image/src/summary.js';
import { ContainerLab } from '../images/support/lab.js';
import {
  buildServiceBundles,
  imageSize,
  newBlobBytes,
  PROJECT_IMAGES,
  type ProjectImage,
  pushProjectImage,
} from '../images/support/project-images.js';
import { PROJECT_ROOT } from '../images/support/trixie.js';
import { type Figure, printFigures } from './figures.js';

const TAG = `bench-${process.pid}`;

/** Pushes the image again with a bundle that differs by one comment line; the bundle is restored afterwards. */
async function pushCodeChange(lab: ContainerLab, image: ProjectImage): Promise<string> {
  const bundle = join(PROJECT_ROOT, image.bundle);
  const original = readFileSync(bundle);
  writeFileSync(bundle, Buffer.concat([original, Buffer.from(`\n// a code-only change (${TAG})\n`)]));
  try {
    return (await pushProjectImage(lab, image, `${TAG}-code`)).outputs.image as string;
  } finally {
    writeFileSync(bundle, original);
  }
}

await buildServiceBundles();
const lab = await ContainerLab.start();
const figures: Figure[] = [];
let failed = false;
try {
  for (const image of PROJECT_IMAGES) {
    const started = Date.now();
    const pushed = (await pushProjectImage(lab, image, TAG)).outputs.image as string;
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    await lab.pull(pushed);
    const size = await imageSize(lab, pushed);
    const changeStarted = Date.now();
    const changed = await pushCodeChange(lab, image);
    const changeSeconds = ((Date.now() - changeStarted) / 1000).toFixed(0);
    const changeBytes = await newBlobBytes(lab, pushed, changed);
    const { goals } = image;
    const measured = [
      { what: 'uncompressed', bytes: size.uncompressedBytes, goal: goals.uncompressed },
      { what: 'compressed (pulled)', bytes: size.compressedBytes, goal: goals.compressed },
      { what: 'code-only change pushes', bytes: changeBytes, goal: goals.codeChange },
    ];
    for (const { what, bytes, goal } of measured) {
      const met = bytes <= goal;
      failed ||= !met;
      console.log(
        `${image.name} image ${what}: ${formatBytes(bytes)} (goal ≤ ${formatBytes(goal)}: ${met ? 'met' : 'MISSED'})`,
      );
      figures.push({ name: `${image.name} image ${what}`, value: bytes / 1e6, unit: 'MB', goal: `≤ ${goal / 1e6} MB` });
    }
    console.log(
      `${image.name} image: ${size.layers} layers; built and pushed in ${seconds} s, rebuilt and pushed after the code change in ${changeSeconds} s`,
    );
  }
} finally {
  await lab.stop();
}
printFigures(figures);
process.exitCode = failed ? 1 : 0;
