/**
 * @raft-check/checker: a linearizability checker in the design of Porcupine
 * (Wing & Gong / Lowe search with a memo cache, P-compositional partitions
 * checked interleaved). Deterministic: no clock, no randomness, no I/O;
 * budgets come in through CheckOptions.
 */

export * from './history.js';
export * from './models/kv-types.js';
export { ILLEGAL, type Illegal, type Model, type AnyModel, type PartitionSpec } from './model.js';
export type { CheckOptions } from './options.js';
export { DEFAULT_MAX_CACHE_ENTRIES } from './options.js';
export type { CheckResult, PartitionResult, StuckPrefix, UnknownReason, Verdict } from './result.js';
export { HistoryInputError, type InputErrorLocation } from './errors.js';
export { kvModel, type KvState } from './models/kv.js';
export {
  casRegisterModel,
  type CasRegisterInput,
  type CasRegisterOutput,
  type RegisterValue,
} from './models/cas-register.js';
export { registerModel, findModel, modelNames } from './registry.js';
export { checkHistory, checkOperations, checkEvents } from './check.js';
export { operationsFromEvents, type HistoryEvent } from './events.js';
export { validateHistory } from './validate.js';
export { parseHistory, detectFormat, HISTORY_FORMATS, type HistoryFormat, type ParseOptions } from './parse/parse-history.js';
export { decodeUtf8 } from './parse/utf8.js';
export { firstDuplicateKey, type DuplicateKey } from './parse/duplicate-keys.js';
export { describeOperation } from './report.js';
export { renderHtml, type RenderOptions } from './html/render-html.js';
export {
  knossosCasRegisterModel,
  KNOSSOS_CAS_REGISTER,
  type KnossosInput,
  type KnossosOutput,
} from './models/knossos-cas-register.js';
export { registerModelFamily } from './registry.js';
export { parseJepsenEdn, JEPSEN_EDN_MODELS, type JepsenEdnModel, type JepsenEdnOptions } from './parse/jepsen-edn.js';
export { parseJepsenTxt } from './parse/jepsen-txt.js';
export { writeJepsenEdn, type JepsenEdnExport } from './parse/jepsen-edn-write.js';
export { escapeHtml } from './html/escape.js';
