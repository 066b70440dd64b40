/**
 * The parsed form of a Brian2 equation string: one definition per variable, with spans for
 * every part the user wrote (name, expression, unit, flags).
 */
import type { SourceSpan } from '../diagnostics';
import type { Expr, ValueType } from '../expressions';
import type { Dimension } from '../units';

/** `dx/dt = …` (differential), `x = …` (subexpression) or `x : unit` (parameter). */
export type EquationKind = 'differential' | 'subexpression' | 'parameter';

export interface EquationFlag {
  readonly name: string;
  readonly span: SourceSpan;
}

/** One definition of an equation string. */
export interface EquationDef {
  readonly kind: EquationKind;
  readonly name: string;
  readonly nameSpan: SourceSpan;
  /** Right-hand side (absent for parameters). */
  readonly expr?: Expr;
  readonly unitText: string;
  readonly unitSpan: SourceSpan;
  /** Dimension of the variable (for `dx/dt`, of x). */
  readonly dim: Dimension;
  readonly type: ValueType;
  readonly flags: readonly EquationFlag[];
  /** The whole definition. */
  readonly span: SourceSpan;
  /**
   * The definition as written, without its comment and with runs of whitespace collapsed
   * (`dv/dt = (-v + I)/tau : volt`); messages quote it. Absent for definitions SpikeForge adds.
   */
  readonly source?: string;
}

/** A parsed equation string. */
export interface Equations {
  readonly definitions: readonly EquationDef[];
}
