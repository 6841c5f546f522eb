import { readFileSync } from 'node:fs';

/** The outputs an action wrote to its GITHUB_OUTPUT file (`name<<delimiter` … `delimiter` blocks). */
export function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const match of readFileSync(file, 'utf8').matchAll(/^(\S+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) {
    outputs[match[1] as string] = match[3] as string;
  }
  return outputs;
}
