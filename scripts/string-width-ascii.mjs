/**
 * The `string-width` the CLI bundle gives yargs and cliui (scripts/bundle-cli.mjs).
 * The package builds its tables when it loads: an Intl.Segmenter (about 60 ms
 * here) and a `\p{RGI_Emoji}` expression (about 140 ms), so every `raft-check`
 * start paid some 0.2 s of CPU for widths that only `--help` measures, and
 * there of plain ASCII. Printable ASCII is one column a character; anything
 * else (escape codes, wide or combining characters) goes to the package,
 * which the bundle loads on that first call (esbuild wraps a required module
 * in a lazy initializer).
 */

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

let full;

export default function stringWidth(text, options) {
  if (typeof text === 'string' && PRINTABLE_ASCII.test(text)) return text.length;
  full ??= require('string-width').default;
  return full(text, options);
}
