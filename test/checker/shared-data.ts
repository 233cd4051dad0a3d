/**
 * Where the shared reference data lives: `shared/` beside the repository
 * (/work/shared next to /work/main; the same relative place in CI).
 */

import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const REPOSITORY_ROOT = repositoryRoot;
export const PORCUPINE_DATA = path.resolve(repositoryRoot, '../shared/porcupine-data');
