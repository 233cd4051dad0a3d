/**
 * Loading a user's implementation: a JavaScript module (ESM) that exports a
 * NodeFactory as `factory` (or as its default export). It is checked with the
 * same checker and invariants as ours. Used by `raft-check --system PATH`.
 */

import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultSystem, type System } from '../sim/index.js';
import type { NodeFactory } from './api.js';
import { EXEC_PREFIX, execSystem } from './exec/exec-system.js';
import { UserInputError } from '../util/user-input-error.js';

export class SystemModuleError extends UserInputError {
  override readonly name = 'SystemModuleError';
}

function isNodeFactory(value: unknown): value is NodeFactory<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof NodeFactory<unknown>, unknown>>;
  return (
    typeof candidate.name === 'string' &&
    typeof candidate.start === 'function' &&
    typeof candidate.describeMessage === 'function' &&
    typeof candidate.messageKind === 'function'
  );
}

/** Our Raft when no module is given; `exec:CMD` runs each node as a subprocess (src/harness/exec); otherwise the module's factory. */
export async function loadSystem(modulePath: string | undefined): Promise<System> {
  if (modulePath === undefined) return defaultSystem;
  if (modulePath.startsWith(EXEC_PREFIX)) return execSystem(modulePath.slice(EXEC_PREFIX.length));
  const url = pathToFileURL(isAbsolute(modulePath) ? modulePath : resolve(process.cwd(), modulePath)).href;
  let module: Record<string, unknown>;
  try {
    module = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw new SystemModuleError(`cannot load --system ${modulePath}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const factory = module['factory'] ?? module['default'];
  if (!isNodeFactory(factory)) {
    throw new SystemModuleError(
      `--system ${modulePath} must export a NodeFactory as \`factory\` or default: { name, start(options, files), describeMessage(m), messageKind(m) } (see src/harness/api.ts)`,
    );
  }
  return { factory, checkHistory: defaultSystem.checkHistory };
}
