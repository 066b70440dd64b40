/**
 * Unit expressions as written after the colon of an equation (`volt`, `siemens/meter**2`,
 * `1/second`, `volt**0.5`) and wherever a unit is named. Brian2 evaluates these as Python over
 * its unit names and accepts the result only if it is a unit, not a quantity (`2*volt`, `-volt`,
 * `volt/2` are rejected) nor a number; this parser follows the same rules without Python.
 */
import { abbreviate, fail, makeDiagnostic, ok, toSpan, type Diagnostic, type Result, type SourceSpan } from '../diagnostics';
import { DIMENSIONLESS, divideDimensions, isDimensionless, multiplyDimensions, powerDimension, type Dimension } from './dimension';
import { BASE_UNITS_TEXT, baseUnitSuggestion, unknownUnitNotes } from './suggestUnit';
import { lookupUnit, type UnitEntry, type UnitScope } from './unitTable';

/** A unit name used in an expression that is not a base unit (SF1003 after a colon). */
export interface NonBaseUnitUse {
  readonly name: string;
  readonly span: SourceSpan;
  /** What Brian2 suggests instead (`volt` for `mV`, `metre ** 2` for `um2`). */
  readonly suggestion: string;
}

/** A parsed unit expression. */
export interface ParsedUnit {
  readonly dim: Dimension;
  /** SI value of one of this unit (`mV/ms` → 1, `mV` → 0.001, `1` → 1). */
  readonly scale: number;
  /** True when every name is a base unit, i.e. allowed after an equation's colon. */
  readonly isBaseOnly: boolean;
  /** The names that are not base units, in order. */
  readonly nonBase: readonly NonBaseUnitUse[];
  /** The whole expression rewritten with base units (`mV/ms` → `volt/second`); only when not base-only. */
  readonly baseSuggestion?: string;
}

/** Options for {@link parseUnitExpression}. */
export interface ParseUnitOptions {
  /** Which names resolve; default `model` (Brian2's `DEFAULT_UNITS`). */
  readonly scope?: UnitScope;
  /** Suggest only base units for unknown names (after an equation's colon). */
  readonly suggestBaseUnits?: boolean;
}

type Token =
  | { readonly kind: 'number'; readonly value: number; readonly start: number; readonly end: number }
  | { readonly kind: 'name'; readonly name: string; readonly start: number; readonly end: number }
  | { readonly kind: 'op'; readonly op: string; readonly start: number; readonly end: number }
  | { readonly kind: 'end'; readonly start: number; readonly end: number };

/** What a sub-expression evaluates to, as in Brian2: a plain number, a unit, or a quantity. */
interface Value {
  readonly kind: 'number' | 'unit' | 'quantity';
  readonly value: number;
  readonly dim: Dimension;
}

/** Unwinds the recursive-descent parser to `parseUnitExpression`, which turns it into a diagnostic. */
class UnitSyntaxError extends Error {
  constructor(
    readonly detail: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(detail);
  }
}

/** The code point at `k` for a message (`U+000C` for invisible ones). */
function describeCharacter(text: string, k: number): string {
  const c = text.slice(k, k + characterWidth(text, k));
  const code = c.codePointAt(0) ?? 0;
  return code < 32 || code === 127 || (code >= 0x80 && code < 0xa0) || /\s/.test(c) ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : c;
}

/** 2 for a surrogate pair at `k`, else 1. */
function characterWidth(text: string, k: number): number {
  const code = text.charCodeAt(k);
  const next = text.charCodeAt(k + 1);
  return code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
}

const NUMBER = /(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const SPACE = /\s+/y;
const OPS: readonly string[] = ['**', '*', '/', '+', '-', '(', ')'];

/**
 * Reads tokens on demand (sticky regular expressions, no copies of the rest of the text), so a
 * parser that stops early on a huge text does not tokenise all of it first.
 */
class UnitScanner {
  private k = 0;
  constructor(private readonly text: string) {}

  next(): Token {
    const text = this.text;
    SPACE.lastIndex = this.k;
    if (SPACE.exec(text) !== null) this.k = SPACE.lastIndex;
    const k = this.k;
    if (k >= text.length) return { kind: 'end', start: text.length, end: text.length };
    NUMBER.lastIndex = k;
    const number = NUMBER.exec(text);
    if (number !== null) {
      this.k = k + number[0].length;
      return { kind: 'number', value: Number(number[0].replace(/_/g, '')), start: k, end: this.k };
    }
    NAME.lastIndex = k;
    const name = NAME.exec(text);
    if (name !== null) {
      this.k = k + name[0].length;
      return { kind: 'name', name: name[0], start: k, end: this.k };
    }
    const op = text.startsWith('**', k) ? '**' : text.startsWith('//', k) ? '//' : text.charAt(k);
    if (!OPS.includes(op)) {
      const what = op === '//' ? '"//" (floor division)' : `the character "${describeCharacter(text, k)}"`;
      throw new UnitSyntaxError(`${what} cannot appear in a unit`, k, k + (op === '//' ? 2 : characterWidth(text, k)));
    }
    this.k = k + op.length;
    return { kind: 'op', op, start: k, end: this.k };
  }
}

/** Recursive descent with Python's precedence: `+ -` < `* /` < unary `+ -` < `**` (right-assoc). */
/** The longest unit expression accepted (`siemens/metre**2` is 16 characters). */
const MAX_UNIT_LENGTH = 2000;

/** Unknown names reported per unit expression. */
const MAX_UNKNOWN_REPORTED = 5;

/** Brackets, unary signs and exponents nest at most this deep (CPython's bracket limit). */
const MAX_UNIT_NESTING = 200;

class Parser {
  private k = 0;
  private nesting = 0;
  readonly names: { readonly token: Token & { kind: 'name' }; readonly entry: UnitEntry | undefined }[] = [];

  private readonly tokens: Token[] = [];

  constructor(
    private readonly scanner: UnitScanner,
    private readonly scope: UnitScope,
  ) {}

  private peek(): Token {
    while (this.tokens.length <= this.k) {
      const last = this.tokens[this.tokens.length - 1];
      if (last?.kind === 'end') return last;
      this.tokens.push(this.scanner.next());
    }
    return this.tokens[this.k] as Token; // filled by the loop above
  }

  private isOp(op: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.op === op;
  }

  parseAll(): Value {
    const value = this.sum();
    const t = this.peek();
    if (t.kind !== 'end') {
      const found = t.kind === 'op' ? `"${t.op}"` : t.kind === 'name' ? `"${abbreviate(t.name, 40)}"` : 'a number';
      throw new UnitSyntaxError(`expected an operator (*, /, **) before ${found}`, t.start, t.end);
    }
    return value;
  }

  private sum(): Value {
    let left = this.product();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.peek();
      this.k++;
      const right = this.product();
      if (left.kind === 'number' && right.kind === 'number') {
        left = { kind: 'number', value: left.value + (this.opOf(op) === '+' ? 1 : -1) * right.value, dim: DIMENSIONLESS };
      } else {
        throw new UnitSyntaxError('units cannot be added or subtracted', op.start, op.end);
      }
    }
    return left;
  }

  private opOf(t: Token): string {
    return t.kind === 'op' ? t.op : '';
  }

  private product(): Value {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/')) {
      const op = this.opOf(this.peek());
      this.k++;
      const right = this.unary();
      left = op === '*' ? multiply(left, right) : divide(left, right);
    }
    return left;
  }

  /** Runs `parse` one level deeper; a syntax error beyond {@link MAX_UNIT_NESTING}. */
  private nested<T>(parse: () => T): T {
    const t = this.peek();
    if (this.nesting >= MAX_UNIT_NESTING) throw new UnitSyntaxError(`the unit is nested too deeply (more than ${MAX_UNIT_NESTING} levels)`, t.start, t.end);
    this.nesting++;
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }

  private unary(): Value {
    if (this.isOp('+')) {
      this.k++;
      return this.nested(() => this.unary());
    }
    if (this.isOp('-')) {
      this.k++;
      const operand = this.nested(() => this.unary());
      return { kind: operand.kind === 'number' ? 'number' : 'quantity', value: -operand.value, dim: operand.dim };
    }
    return this.power();
  }

  private power(): Value {
    const base = this.atom();
    if (!this.isOp('**')) return base;
    const op = this.peek();
    this.k++;
    const exponentStart = this.peek().start;
    const exponent = this.nested(() => this.unary());
    if (!isDimensionless(exponent.dim)) {
      throw new UnitSyntaxError('the exponent of "**" must be a dimensionless number', exponentStart, this.tokens[this.k - 1]?.end ?? op.end);
    }
    return { kind: base.kind, value: base.value ** exponent.value, dim: powerDimension(base.dim, exponent.value) };
  }

  private atom(): Value {
    const t = this.peek();
    if (t.kind === 'number') {
      this.k++;
      return { kind: 'number', value: t.value, dim: DIMENSIONLESS };
    }
    if (t.kind === 'name') {
      this.k++;
      const entry = lookupUnit(t.name, this.scope);
      this.names.push({ token: t, entry });
      return entry === undefined ? { kind: 'unit', value: 1, dim: DIMENSIONLESS } : { kind: 'unit', value: entry.value, dim: entry.dim };
    }
    if (t.kind === 'op' && t.op === '(') {
      this.k++;
      const inner = this.nested(() => this.sum());
      const close = this.peek();
      if (close.kind !== 'op' || close.op !== ')') throw new UnitSyntaxError('missing ")"', close.start, close.end);
      this.k++;
      return inner;
    }
    throw new UnitSyntaxError(t.kind === 'end' ? 'the unit is incomplete' : `unexpected "${this.opOf(t)}"`, t.start, t.end);
  }
}

function multiply(a: Value, b: Value): Value {
  const kind = a.kind === 'number' && b.kind === 'number' ? 'number' : a.kind === 'unit' && b.kind === 'unit' ? 'unit' : 'quantity';
  return { kind, value: a.value * b.value, dim: multiplyDimensions(a.dim, b.dim) };
}

function divide(a: Value, b: Value): Value {
  let kind: Value['kind'];
  if (a.kind === 'number' && b.kind === 'number') kind = 'number';
  else if (b.kind === 'unit' && (a.kind === 'unit' || (a.kind === 'number' && a.value === 1))) kind = 'unit';
  else kind = 'quantity';
  return { kind, value: a.value / b.value, dim: divideDimensions(a.dim, b.dim) };
}

function rewriteWithBaseUnits(text: string, uses: readonly { start: number; end: number; suggestion: string }[]): string {
  const whole = uses.length === 1 && text.trim() === text.slice(uses[0]?.start ?? 0, uses[0]?.end ?? 0);
  let out = text;
  for (const use of [...uses].sort((a, b) => b.start - a.start)) {
    const replacement = !whole && /\s/.test(use.suggestion) ? `(${use.suggestion})` : use.suggestion;
    out = out.slice(0, use.start) + replacement + out.slice(use.end);
  }
  return out.trim();
}

/**
 * Parses a unit expression. `offset` is where `text` starts in the user's document: every span
 * in the result is `offset` + the position in `text`.
 *
 * Accepts names (`volt`, `mV`), `*`, `/`, `**` with a numeric exponent (`metre**-2`,
 * `volt**0.5`, `volt**(1/2)`), parentheses, a leading `1/` (`1/second`), and the text `1` alone
 * (dimensionless). Rejected like Brian2: `2*volt`, `-volt`, `volt/2` (a quantity, SF1004),
 * `(1)` and `1/1` (a number, SF1004), `volt second` (SF1004), unknown names (SF1001 on the
 * name, with the closest known name in the notes).
 *
 * `boolean`, `integer` and `bool` are types, not units: alone they give SF1004 saying so;
 * callers parsing an equation's colon handle them first, or call {@link parseVariableUnit}.
 * Scaled units (`mV`) parse fine here with `isBaseOnly: false`, so an equation parser can
 * report SF1003 with `nonBase[k].suggestion` or `baseSuggestion`.
 */
export function parseUnitExpression(text: string, offset = 0, options: ParseUnitOptions = {}): Result<ParsedUnit> {
  const scope = options.scope ?? 'model';
  const trimmed = text.trim();
  const lead = text.length - text.trimStart().length;
  const wholeSpan = toSpan(offset + lead, offset + lead + trimmed.length);
  if (trimmed === '1') return ok({ dim: DIMENSIONLESS, scale: 1, isBaseOnly: true, nonBase: [] });
  if (trimmed === '') return fail([makeDiagnostic('SF1004', { detail: 'the unit is missing' }, wholeSpan, ['write 1 for a dimensionless variable'])]);
  if (trimmed.length > MAX_UNIT_LENGTH) {
    // No unit needs this much text; refusing it up front keeps a pasted megabyte cheap.
    return fail([makeDiagnostic('SF1004', { detail: `the unit is too long (${trimmed.length} characters; at most ${MAX_UNIT_LENGTH})` }, wholeSpan)]);
  }
  if (trimmed === 'boolean' || trimmed === 'integer' || trimmed === 'bool') {
    const notes = trimmed === 'bool' ? ['write "boolean" for a boolean variable'] : [`"${trimmed}" is allowed only on its own after the colon of an equation`];
    return fail([makeDiagnostic('SF1004', { detail: `"${trimmed}" is a type, not a unit` }, wholeSpan, notes)]);
  }

  let parser: Parser;
  let value: Value;
  try {
    parser = new Parser(new UnitScanner(text), scope);
    value = parser.parseAll();
  } catch (error) {
    if (!(error instanceof UnitSyntaxError)) throw error;
    return fail([makeDiagnostic('SF1004', { detail: error.detail }, toSpan(offset + error.start, offset + Math.max(error.end, error.start)))]);
  }

  const diagnostics: Diagnostic[] = [];
  const nonBase: (NonBaseUnitUse & { start: number; end: number })[] = [];
  const unknown = new Set<string>();
  for (const { token, entry } of parser.names) {
    const span = toSpan(offset + token.start, offset + token.end);
    if (entry === undefined) {
      // Each unknown name once, and only the first few: a pasted paragraph is not 500 errors.
      if (unknown.has(token.name) || unknown.size >= MAX_UNKNOWN_REPORTED) continue;
      unknown.add(token.name);
      diagnostics.push(makeDiagnostic('SF1001', { name: abbreviate(token.name, 40) }, span, unknownUnitNotes(token.name, scope, options.suggestBaseUnits === true)));
    } else if (!entry.isBase) {
      nonBase.push({ name: token.name, span, suggestion: baseUnitSuggestion(entry), start: token.start, end: token.end });
    }
  }
  if (diagnostics.length > 0) return fail(diagnostics);
  if (value.kind === 'quantity') {
    return fail([
      makeDiagnostic('SF1004', { detail: `"${abbreviate(trimmed)}" is a quantity, not a unit` }, wholeSpan, [
        'write units only, e.g. "siemens/metre**2", not "1 * siemens/metre**2"',
      ]),
    ]);
  }
  if (value.kind === 'number') {
    return fail([makeDiagnostic('SF1004', { detail: `"${abbreviate(trimmed)}" is a number, not a unit` }, wholeSpan, ['write 1 for a dimensionless variable'])]);
  }
  const uses = nonBase.map(({ name, span, suggestion }) => ({ name, span, suggestion }));
  return ok({
    dim: value.dim,
    scale: value.value,
    isBaseOnly: nonBase.length === 0,
    nonBase: uses,
    ...(nonBase.length === 0 ? {} : { baseSuggestion: rewriteWithBaseUnits(text, nonBase) }),
  });
}

/** The storage type of a variable, from the text after its colon. */
export type VariableType = 'float' | 'boolean' | 'integer';

/** The unit and type of an equation's variable. */
export interface VariableUnit {
  readonly dim: Dimension;
  readonly type: VariableType;
}

/**
 * The text after an equation's colon, checked like Brian2's `dimensions_and_type_from_string`:
 * `1`, `boolean`, `integer`, or a unit expression of base units only. `bool` is SF1004 with a
 * hint to write `boolean`; a scaled unit is SF1003 on its name (`v : mV` → write `volt`);
 * an unknown name is SF1001 with the closest base unit and Brian2's list of allowed ones.
 */
export function parseVariableUnit(text: string, offset = 0): Result<VariableUnit> {
  const trimmed = text.trim();
  if (trimmed === 'boolean') return ok({ dim: DIMENSIONLESS, type: 'boolean' });
  if (trimmed === 'integer') return ok({ dim: DIMENSIONLESS, type: 'integer' });
  const parsed = parseUnitExpression(text, offset, { suggestBaseUnits: true });
  if (!parsed.ok) {
    return fail(
      parsed.diagnostics.map((d) =>
        d.code === 'SF1001' ? { ...d, notes: [...(d.notes ?? []), `the units allowed after ":" are: ${BASE_UNITS_TEXT}`] } : d,
      ),
    );
  }
  const errors = parsed.value.nonBase.map((use) => makeDiagnostic('SF1003', { name: abbreviate(use.name, 40), suggestion: use.suggestion }, use.span));
  if (errors.length > 0) return fail(errors);
  return ok({ dim: parsed.value.dim, type: 'float' });
}
