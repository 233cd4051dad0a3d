/** Models by name, so a history file's `model` field can pick one. */

import type { AnyModel } from './model.js';
import { kvModel } from './models/kv.js';
import { casRegisterModel } from './models/cas-register.js';

const models = new Map<string, AnyModel>();

/** Makes `model` available by `model.name`; a later registration of the same name replaces it. */
export function registerModel(model: AnyModel): void {
  models.set(model.name, model);
}

export function findModel(name: string): AnyModel | undefined {
  return models.get(name);
}

export function modelNames(): string[] {
  return [...models.keys()].sort();
}

registerModel(kvModel);
registerModel(casRegisterModel);
