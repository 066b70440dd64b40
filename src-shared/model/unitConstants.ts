/**
 * Units are always visible in model code (BRIAN2_SEMANTICS.md §8). Every unit name a piece of
 * model code uses, and that is neither a variable nor a given constant, becomes an external
 * constant, so checks and code generation see `10*ms` as the constant 0.01 s.
 */
import type { ExternalConstant } from '../equations';
import { scanExpression } from '../expressions';
import { lookupUnit } from '../units';

/** The unit constants used by `texts` that `isDefined` does not already cover. */
export function unitConstantsOf(texts: readonly (string | undefined)[], isDefined: (name: string) => boolean): Record<string, ExternalConstant> {
  const added: Record<string, ExternalConstant> = {};
  for (const text of texts) {
    if (text === undefined) continue;
    for (const token of scanExpression(text, { newlines: true }).tokens) {
      if (token.kind !== 'name' || isDefined(token.text) || added[token.text] !== undefined) continue;
      const unit = lookupUnit(token.text);
      if (unit !== undefined) added[token.text] = { value: unit.value, dim: unit.dim };
    }
  }
  return added;
}
