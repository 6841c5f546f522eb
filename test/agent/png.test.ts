// The test PNG decoder against an independent encoder (matplotlib's imsave, RGBA) with known pixels.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { decodePng } from './support/png.js';

it('decodes the pixels another encoder wrote', () => {
  const dir = mkdtempSync(join(tmpdir(), 'png-'));
  try {
    const file = join(dir, 'known.png');
    // 7 x 5 pixels: pixel (x, y) has red 30x, green 40y, blue (x * y * 9) % 256 — every filter type gets used.
    const code = [
      'import sys, numpy',
      'import matplotlib',
      "matplotlib.use('Agg')",
      'import matplotlib.pyplot as plt',
      'pixels = numpy.zeros((5, 7, 3), dtype=numpy.uint8)',
      'for y in range(5):',
      '    for x in range(7):',
      '        pixels[y, x] = (30 * x, 40 * y, (x * y * 9) % 256)',
      'plt.imsave(sys.argv[1], pixels)',
    ].join('\n');
    // Debian's interpreter, the one the executor runs (it has matplotlib).
    execFileSync('/usr/bin/python3', ['-c', code, file]);
    const image = decodePng(readFileSync(file));
    expect([image.width, image.height]).toEqual([7, 5]);
    for (let y = 0; y < 5; y++) {
      for (let x = 0; x < 7; x++) expect(image.rgb(x, y)).toEqual([30 * x, 40 * y, (x * y * 9) % 256]);
    }
    expect(() => decodePng(Buffer.from('GIF89a'))).toThrow('not a PNG file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
