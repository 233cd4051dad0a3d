/**
 * Where the reference data of the tests lives: inside the repository, so a
 * fresh clone runs its tests with nothing beside it. The Porcupine histories
 * are MIT-licensed data (test/data/porcupine/LICENSE-porcupine.md).
 */

import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const REPOSITORY_ROOT = repositoryRoot;
export const PORCUPINE_DATA = path.join(repositoryRoot, 'test/data/porcupine');
