/**
 * Bundles the compiled CLI (dist/src/cli/main.js) and the modules its worker
 * threads start (the power search's and the sweep's) into dist/bin/, the
 * package's `bin`. Run by `npm run build` after tsc.
 *
 * Why: an unbundled start has Node resolve, read and compile well over a
 * hundred ES modules before a command runs, and every worker thread of a sweep
 * loads the simulator the same way; the tests start the CLI well over a
 * hundred times. Code splitting keeps what the lazy commands bought: each
 * command's code (and what the workers share with it) is a chunk of its own,
 * loaded when the command runs. The entry files keep their names, so
 * `new URL('./seed-worker.js', import.meta.url)` in a chunk still names its
 * worker: every output file lies in the one folder.
 *
 * Source maps are written next to the files; `node --enable-source-maps
 * dist/bin/raft-check.js ... --verbose` prints stacks in the TypeScript.
 */

import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bin`;

// yargs and cliui measure help text with `string-width`, whose tables cost every start some 0.2 s of CPU
// when they load: they get scripts/string-width-ascii.mjs, which loads the package only for text that is not
// plain ASCII. The shim's own import of the package resolves as usual.
const shim = `${root}scripts/string-width-ascii.mjs`;
const asciiStringWidth = {
  name: 'ascii-string-width',
  setup(plugin) {
    plugin.onResolve({ filter: /^string-width$/ }, (args) => (args.importer === shim ? undefined : { path: shim }));
  },
};

// A new build's chunks get new names: drop the old ones first.
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: {
    'raft-check': `${root}dist/src/cli/main.js`,
    'power-worker': `${root}dist/src/cli/power-worker.js`,
    'seed-worker': `${root}dist/src/sweep/seed-worker.js`,
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // The bundled CommonJS dependencies (seedrandom, cli-progress) call require for Node's own modules.
  banner: { js: "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);" },
  chunkNames: 'chunk-[hash]',
  plugins: [asciiStringWidth],
  logLevel: 'warning',
});
chmodSync(`${outdir}/raft-check.js`, 0o755);

// The bundle's fingerprint, hashed once here from the code it was built from (src/cli/fingerprint.ts reads it).
const { BUILD_STAMP, hashedCodeVersion } = await import(`${root}dist/src/cli/fingerprint.js`);
writeFileSync(`${outdir}/${BUILD_STAMP}`, `${hashedCodeVersion()}\n`);
