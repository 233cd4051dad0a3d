/** Models by name, so a history file's `model` field can pick one. */

import type { AnyModel } from './model.js';
import { kvModel } from './models/kv.js';
import { casRegisterModel } from './models/cas-register.js';
import { KNOSSOS_CAS_REGISTER, knossosCasRegisterOf } from './models/knossos-cas-register.js';
import { KNOSSOS_REGISTER, knossosRegisterOf } from './models/knossos-register.js';
import { KNOSSOS_MULTI_REGISTER, knossosMultiRegisterOf } from './models/knossos-multi-register.js';
import { knossosMutexModel } from './models/knossos-mutex.js';
import { knossosSetModel } from './models/knossos-set.js';
import { knossosFifoQueueModel, knossosUnorderedQueueModel } from './models/knossos-queues.js';

const models = new Map<string, AnyModel>();
/** Models with a parameter, named `family(parameter)`; the function gives undefined for a parameter it refuses. */
const families = new Map<string, (parameter: string) => AnyModel | undefined>();
const FAMILY_NAME = /^([^()]+)\((.*)\)$/s;

/** Makes `model` available by `model.name`; a later registration of the same name replaces it. */
export function registerModel(model: AnyModel): void {
  models.set(model.name, model);
}

/** Makes `family(parameter)` a model name, e.g. `knossos-cas-register(0)` for an initial value. */
export function registerModelFamily(family: string, modelOf: (parameter: string) => AnyModel | undefined): void {
  families.set(family, modelOf);
}

export function findModel(name: string): AnyModel | undefined {
  const model = models.get(name);
  if (model !== undefined) return model;
  const [, family, parameter] = FAMILY_NAME.exec(name) ?? [];
  return family === undefined ? undefined : families.get(family)?.(parameter!);
}

export function modelNames(): string[] {
  return [...models.keys(), ...[...families.keys()].map((family) => `${family}(...)`)].sort();
}

registerModel(kvModel);
registerModel(casRegisterModel);
registerModelFamily(KNOSSOS_CAS_REGISTER, knossosCasRegisterOf);
registerModelFamily(KNOSSOS_REGISTER, knossosRegisterOf);
registerModelFamily(KNOSSOS_MULTI_REGISTER, knossosMultiRegisterOf);
registerModel(knossosMutexModel);
registerModel(knossosSetModel);
registerModel(knossosUnorderedQueueModel);
registerModel(knossosFifoQueueModel);
