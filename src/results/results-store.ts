/**
 * Writing one sweep's results folder: failures as they come (a sweep killed
 * halfway keeps what it found), then sweep.json, junit.xml, summary.txt and
 * index.html at the end, then the `latest` pointer. Every file goes through
 * writeFileAtomic with 'never': the folder is new, so an existing file would
 * be a bug, not something to overwrite.
 */

import { join } from 'node:path';
import { failureFileName } from '../corpus/corpus-dir.js';
import { serializeFailureFile, type FailureFile } from '../corpus/failure-file.js';
import type { SweepJson } from '../sweep/sweep-json.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { MARKS } from '../util/marks.js';
import { renderResultsIndex } from './index-page.js';
import { createResultsFolder, pointLatestAt } from './results-folder.js';

export interface StoredFailure {
  /** Paths relative to the results folder. */
  readonly file: string;
  readonly report: string | null;
}

export class ResultsStore {
  readonly dir: string;

  private constructor(
    readonly root: string,
    readonly name: string,
    private readonly startedAt: Date,
  ) {
    this.dir = join(root, name);
  }

  static create(root: string, startedAt: Date, label: string): ResultsStore {
    return new ResultsStore(root, createResultsFolder(root, startedAt, label), startedAt);
  }

  saveFailure(file: FailureFile, reportHtml: string | null): StoredFailure {
    const jsonName = failureFileName(file);
    const relative = `failures/${jsonName}`;
    writeFileAtomic(join(this.dir, relative), serializeFailureFile(file), 'never');
    if (reportHtml === null) return { file: relative, report: null };
    const report = relative.replace(/\.json$/, '.html');
    writeFileAtomic(join(this.dir, report), reportHtml, 'never');
    return { file: relative, report };
  }

  finish(sweep: SweepJson, junitXml: string, summaryLines: readonly string[]): void {
    writeFileAtomic(join(this.dir, 'sweep.json'), `${JSON.stringify(sweep, null, 2)}\n`, 'never');
    writeFileAtomic(join(this.dir, 'junit.xml'), junitXml, 'never');
    writeFileAtomic(join(this.dir, 'summary.txt'), `${summaryLines.join('\n')}\n`, 'never');
    writeFileAtomic(join(this.dir, 'index.html'), renderResultsIndex(sweep, { startedAt: this.startedAt, markDescriptions: MARKS }), 'never');
    pointLatestAt(this.root, this.name);
  }
}
