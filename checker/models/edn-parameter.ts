/**
 * For the registry: a model family whose parameter is EDN text (an initial
 * value, an initial map) gives no model, rather than an error, for a
 * parameter that is not the EDN it needs, so a history naming
 * `knossos-register([)` reads as an unknown model.
 */

import { EdnSyntaxError } from '../parse/edn-reader.js';

export function ofEdnParameter<M>(modelOf: (parameter: string) => M): (parameter: string) => M | undefined {
  return (parameter) => {
    try {
      return modelOf(parameter);
    } catch (error) {
      if (error instanceof EdnSyntaxError) return undefined;
      throw error;
    }
  };
}
