// A file an input names (the template, a parameters file), read with one sentence when it cannot be.
export function readInputFile(path: string, what: string, readText: (path: string) => string): string {
  try {
    return readText(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it does not exist' : (error as Error).message;
    throw new Error(`${what} ${path} cannot be read: ${why}.`);
  }
}
