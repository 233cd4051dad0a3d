/** systemRef: what a failure file records of a --system (issue 10.9), for modules and for exec: commands. */

import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemLabel, systemRef } from '../../src/harness/system-ref.js';

const dir = mkdtempSync(join(tmpdir(), 'system-ref-'));
const script = join(dir, 'node.py');
writeFileSync(script, 'print("a node")\n');
const sha = createHash('sha256').update('print("a node")\n').digest('hex');

describe('systemRef', () => {
  it('hashes a module file', () => {
    expect(systemRef(script)).toEqual({ spec: script, hash: sha });
  });

  it('hashes the first word of an exec: command that is a file', () => {
    expect(systemRef(`exec:python3 -u ${script} --fast`)).toEqual({ spec: `exec:python3 -u ${script} --fast`, hash: sha });
    expect(systemRef(`exec:${script}`).hash).toBe(sha);
  });

  it('gives null when nothing names a file', () => {
    expect(systemRef('exec:no-such-command --flag').hash).toBeNull();
    expect(systemRef(join(dir, 'missing.mjs')).hash).toBeNull();
  });

  it('labels a system for file names by its code file', () => {
    expect(systemLabel('./lib/my-node.mjs')).toBe('my-node');
    expect(systemLabel(`exec:python3 ${script}`)).toBe('node');
    expect(systemLabel('exec:my-raft --port 0')).toBe('my-raft');
    expect(systemLabel("exec:'; rm -rf /'")).toMatch(/^[A-Za-z0-9._-]+$/);
  });
});
