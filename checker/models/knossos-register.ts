/**
 * Knossos's `register` (knossos.model/register, the `Register` record): a
 * read-write register with a given initial value (nil by default), for Jepsen
 * tests whose client has no compare-and-set. Its steps are the cas-register's
 * `:read` and `:write` (knossos-cas-register.ts): a write sets the value, a
 * read must see it, and a read of nil matches any value. What differs is
 * what it refuses: Knossos's Register has no `:cas` (its `condp` throws on
 * one), so a cas here is bad input, not a step.
 *
 * The initial value is part of the name, `knossos-register(0)`, as for the
 * cas-register.
 */

import type { Model } from '../model.js';
import { knossosRegisterModelNamed, type KnossosInput, type KnossosOutput } from './knossos-cas-register.js';
import { ofEdnParameter } from './edn-parameter.js';
import { fieldProblem, isRecord } from './validation.js';

export const KNOSSOS_REGISTER = 'knossos-register';

export type KnossosRegisterInput = Extract<KnossosInput, { op: 'read' | 'write' }>;

function validateOperation(input: unknown, output: unknown): string | null {
  if (!isRecord(input)) return 'input must be an object';
  const op = input['op'];
  if (op !== 'read' && op !== 'write') return `unknown ${KNOSSOS_REGISTER} op ${JSON.stringify(op)} (expected read or write)`;
  const problem = op === 'write' ? fieldProblem(input, 'input', 'value', 'string') : null;
  if (problem !== null || output === null) return problem;
  if (!isRecord(output)) return 'output must be an object or null';
  return op === 'read' ? fieldProblem(output, 'output', 'value', 'string') : null;
}

/** The model for one initial value, given as EDN text; throws EdnSyntaxError if it is not one EDN value. */
export function knossosRegisterModel(initial: string): Model<string, KnossosRegisterInput, KnossosOutput> {
  // Its operations are the cas-register's without cas, so the cas-register's steps and rule for open writes hold as they are.
  return knossosRegisterModelNamed(KNOSSOS_REGISTER, validateOperation, initial);
}

/** For the registry: the model named by a parameter, or undefined when the parameter is not one EDN value. */
export const knossosRegisterOf = ofEdnParameter(knossosRegisterModel);
