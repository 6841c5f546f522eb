// The project's bundles: each action to actions/<name>/dist/index.js (committed, checked by check-dist), the
// agent and the executor server to build/ (copied into their images). One esbuild configuration for all.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

/** @typedef {{ name: string, entry: string, output: string, committed: boolean }} Target */

/** @returns {Target[]} every bundle whose entry point exists under root */
export function targets(root) {
  const found = [];
  const actions = join(root, 'actions');
  for (const name of existsSync(actions) ? readdirSync(actions).sort() : []) {
    const entry = join('actions', name, 'src', 'index.ts');
    if (existsSync(join(root, entry))) {
      found.push({ name, entry, output: join('actions', name, 'dist', 'index.js'), committed: true });
    }
  }
  const services = [
    { name: 'agent', entry: join('agent', 'src', 'main.ts'), output: join('build', 'agent', 'index.mjs') },
    {
      name: 'executor',
      entry: join('docker', 'executor', 'src', 'main.ts'),
      output: join('build', 'executor', 'index.mjs'),
    },
  ];
  for (const service of services) {
    if (existsSync(join(root, service.entry))) found.push({ ...service, committed: false });
  }
  return found;
}

/**
 * @actions/core imports @actions/http-client (and with it undici, some 420 KB minified) only for getIDToken.
 * No action asks for an OIDC token (configure-aws-credentials does that in the workflow), so the bundles get a
 * stand-in whose every use throws, naming why.
 */
const withoutOidcClient = {
  name: 'without-oidc-client',
  setup(build) {
    build.onResolve({ filter: /^@actions\/http-client(\/|$)/ }, (args) =>
      args.importer.includes(`${join('node_modules', '@actions', 'core')}`)
        ? { path: args.path, namespace: 'without-oidc-client' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'without-oidc-client' }, () => ({
      contents: [
        "const refuse = () => { throw new Error('This bundle leaves out @actions/http-client: core.getIDToken is not available.'); };",
        'export class HttpClient { constructor() { refuse(); } }',
        'export class BearerCredentialHandler { constructor() { refuse(); } }',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/**
 * Bundles each target of `root` into `outRoot` (the same relative paths). ESM for Node 24, minified but
 * keeping names: error messages read SDK command class names.
 */
export async function bundle(root, outRoot, selected) {
  for (const target of selected) {
    const outfile = join(outRoot, target.output);
    mkdirSync(dirname(outfile), { recursive: true });
    await build({
      absWorkingDir: root,
      entryPoints: [join(root, target.entry)],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node24',
      format: 'esm',
      minify: true,
      keepNames: true,
      legalComments: 'none',
      logLevel: 'warning',
      plugins: [withoutOidcClient],
      // Some dependencies still call require(); give the ESM bundle one.
      banner: {
        js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
    });
  }
}
