// The environment every Python process of the executor starts with (the zygote and each kernel): a fixed
// allow-list, never a copy of the server's, with every per-user location inside one private folder.
import { join } from 'node:path';

export function pythonEnvironment(privateDir: string, pythonDir: string): Record<string, string> {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: privateDir,
    TMPDIR: privateDir,
    MPLCONFIGDIR: join(privateDir, '.matplotlib'),
    XDG_CACHE_HOME: join(privateDir, '.cache'),
    MPLBACKEND: 'Agg',
    PYTHONPATH: pythonDir,
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONIOENCODING: 'utf-8',
    LANG: 'C.UTF-8',
    // One BLAS/OpenMP thread: set before numpy loads its BLAS, so the zygote can fork safely (a library that
    // started threads could not be), and so a kernel's threads stay within its process limit.
    OPENBLAS_NUM_THREADS: '1',
    OMP_NUM_THREADS: '1',
    MKL_NUM_THREADS: '1',
  };
}
