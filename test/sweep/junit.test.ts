import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../src/sweep/junit.js';

describe('JUnit report', () => {
  it('counts failures and escapes text', () => {
    const xml = renderJunit('raft-check sweep', [
      { name: 'seed 1', classname: 'raft-check', seconds: 0.05 },
      {
        name: 'seed 2',
        classname: 'raft-check',
        seconds: 0.1,
        failure: { type: 'safety:ElectionSafety', message: 'two leaders in term 3 <n1 & n2>', details: 'npx raft-check --seed 2' },
      },
    ]);
    expect(xml).toContain('tests="2" failures="1"');
    expect(xml).toContain('&lt;n1 &amp; n2&gt;');
    expect(xml).toContain('<testcase classname="raft-check" name="seed 1" time="0.050"/>');
    expect(xml.match(/<failure /g)).toHaveLength(1);
  });
});
