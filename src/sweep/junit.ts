/**
 * JUnit XML for CI dashboards: one <testcase> per seed, a <failure> for each
 * failing one carrying the failure kind, its message and the replay command.
 */

export interface JunitCase {
  readonly name: string;
  readonly classname: string;
  readonly seconds: number;
  readonly failure?: { readonly type: string; readonly message: string; readonly details: string };
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // XML 1.0 forbids most control characters even when escaped.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
}

export function renderJunit(suiteName: string, cases: readonly JunitCase[]): string {
  const failures = cases.filter((c) => c.failure !== undefined).length;
  const seconds = cases.reduce((sum, c) => sum + c.seconds, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(suiteName)}" tests="${cases.length}" failures="${failures}" time="${seconds.toFixed(3)}">`,
    `  <testsuite name="${escapeXml(suiteName)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${seconds.toFixed(3)}">`,
  ];
  for (const testCase of cases) {
    const open = `    <testcase classname="${escapeXml(testCase.classname)}" name="${escapeXml(testCase.name)}" time="${testCase.seconds.toFixed(3)}"`;
    if (testCase.failure === undefined) {
      lines.push(`${open}/>`);
      continue;
    }
    lines.push(`${open}>`);
    lines.push(
      `      <failure type="${escapeXml(testCase.failure.type)}" message="${escapeXml(testCase.failure.message)}">${escapeXml(testCase.failure.details)}</failure>`,
    );
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
