/**
 * What an exec node prints is read whole, once, and within bounds: a long
 * line keeps its multi-byte characters across reads, a second answer to one
 * request or a line without end is refused, and a stderr flood is cut
 * instead of held in memory.
 */

import { afterAll, describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES, NodeProcess, NodeProcessGarbled } from '../../src/harness/exec/node-process.js';
import { ExecWorkspace } from '../../src/harness/exec/workspace.js';

const workspace = new ExecWorkspace(10_000);
afterAll(() => workspace.close());

/** A process that reads one line, then runs `script` (node -e; `out(s)` writes s to stdout in full). */
function child(script: string): NodeProcess {
  const program = `const fs=require('fs');const out=(s)=>{const b=Buffer.from(s);let o=0;while(o<b.length)o+=fs.writeSync(1,b,o);};fs.readSync(0,Buffer.alloc(64));${script};setTimeout(()=>{},60000)`;
  return new NodeProcess(`node -e "${program}"`, workspace);
}

describe('NodeProcess.receive', () => {
  it('keeps a multi-byte character whole when a read cuts it', () => {
    // 'é' is two bytes; after the odd-length prefix every 64 KiB read boundary falls inside one.
    const line = `x${'é'.repeat(200_000)}`;
    const node = child(`out('x'+'é'.repeat(200000)+'\\n')`);
    node.send('go');
    expect(node.receive()).toBe(line);
    node.kill();
  });

  it('refuses a second line printed for one request', () => {
    const node = child(`out('{"a":1}\\n{"a":2}\\n')`);
    node.send('go');
    expect(() => node.receive()).toThrow(NodeProcessGarbled);
    expect(node.alive).toBe(false);
  });

  it('refuses a line longer than the limit without holding it', () => {
    const node = child(`const b=Buffer.alloc(1<<20,97);for(;;)out(b)`);
    node.send('go');
    let error: unknown;
    try {
      node.receive();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(NodeProcessGarbled);
    expect((error as NodeProcessGarbled).message).toBe(`printed more than ${MAX_LINE_BYTES >> 20} MiB without a newline`);
    expect((error as NodeProcessGarbled).printed).toMatch(/^a{200}$/);
  }, 60_000);
});

describe('NodeProcess.stderrLines', () => {
  it('cuts a flood: long lines are cut, and past a MiB the rest is skipped with a line saying so', () => {
    const node = child(`fs.writeSync(2,'e'.repeat(3<<20));fs.writeSync(2,'\\nshort\\n'.repeat(1000));out('done\\n')`);
    node.send('go');
    expect(node.receive()).toBe('done');
    const lines = node.stderrLines();
    expect(lines.length).toBeLessThan(300);
    expect(lines.every((line) => line.length < 5000)).toBe(true);
    expect(lines[0]).toMatch(/^e{4096}\.\.\. \(\d+ more characters\)$/);
    expect(lines.at(-1)).toMatch(/^\(\d+ more bytes of stderr skipped\)$/);
    node.kill();
  });
});
