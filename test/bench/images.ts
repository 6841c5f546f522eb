// npm run bench:images — builds and pushes both images with the push-image action in the local container lab
// (as the end-to-end test does), pulls them into a fresh store and prints their sizes against the goals.
import { formatBytes } from '../../actions/push-image/src/summary.js';
import { ContainerLab } from '../images/support/lab.js';
import { buildServiceBundles, imageSize, PROJECT_IMAGES, pushProjectImage } from '../images/support/project-images.js';

await buildServiceBundles();
const lab = await ContainerLab.start();
let failed = false;
try {
  for (const image of PROJECT_IMAGES) {
    const started = Date.now();
    const run = await pushProjectImage(lab, image, `bench-${process.pid}`);
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    const pushed = run.outputs.image as string;
    await lab.pull(pushed);
    const size = await imageSize(lab, pushed);
    const met = size.uncompressedBytes < image.goalBytes;
    failed ||= !met;
    console.log(
      `${image.name} image: ${formatBytes(size.uncompressedBytes)} uncompressed (goal < ${formatBytes(image.goalBytes)}: ${met ? 'met' : 'MISSED'}), ${formatBytes(size.compressedBytes)} pushed in ${size.layers} layers, built and pushed in ${seconds} s`,
    );
  }
} finally {
  await lab.stop();
}
process.exitCode = failed ? 1 : 0;
