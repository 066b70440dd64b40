/**
 * Prints an expression AST back to Brian2 (Python) source text with only the parentheses Python's
 * precedence needs, so that `parseExpression(printSource(e))` gives `e` again (spans aside).
 * The layout follows the integrator goldens (`formatAbstractCode`): `*`, `/` and `**` bind
 * their operands without spaces (`-v/tau`, `x**2`), every other operator is spaced (`a + b`,
 * `a // b`, `v > 0*mV`, `a and b`). Numbers keep the text they were written with when it reads
 * back as the same value (`1e-3`, `10.`, `1_000`); other numbers print as Python's `repr`.
 */
import type { Expr, SliceExpr } from './ast';

/** Python's binding strength, loosest first (the parser's grammar levels). */
const OR = 1;
const AND = 2;
const NOT = 3;
const COMPARE = 4;
const SUM = 5;
const PRODUCT = 6;
const UNARY = 7;
const POWER = 8;
const POSTFIX = 9;

const BINARY_PRECEDENCE: Readonly<Record<string, number>> = { '+': SUM, '-': SUM, '*': PRODUCT, '/': PRODUCT, '//': PRODUCT, '%': PRODUCT, '**': POWER };
const TIGHT_OPERATORS: ReadonlySet<string> = new Set(['*', '/', '**']);

/** The precedence of the construct an expression prints as. */
function precedenceOf(expr: Expr): number {
  switch (expr.kind) {
    case 'boolop':
      return expr.op === 'or' ? OR : AND;
    case 'unary':
      return expr.op === 'not' ? NOT : UNARY;
    case 'compare':
      return COMPARE;
    case 'binary':
      return BINARY_PRECEDENCE[expr.op] ?? SUM;
    case 'number':
      // A negative literal (never parsed, but built by rewrites) prints with its sign.
      return expr.value < 0 || Object.is(expr.value, -0) ? UNARY : POSTFIX;
    default:
      return POSTFIX;
  }
}

/** Python's `repr` of a float or int: `10.0`, `0.001`, `1e-05`, `inf`. */
export function printNumberSource(value: number, isInteger: boolean): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Object.is(value, -0)) return isInteger ? '0' : '-0.0';
  if (isInteger && Number.isInteger(value)) return Math.abs(value) < 1e21 ? BigInt(value).toString() : String(value);
  const text = String(value);
  // JavaScript writes 1e-7 and 1e+21 where Python writes 1e-07 and 1e+21.
  const exponent = /^(-?[\d.]+)e([+-])(\d+)$/.exec(text);
  if (exponent !== null) return `${exponent[1] ?? ''}e${exponent[2] ?? ''}${(exponent[3] ?? '').padStart(2, '0')}`;
  return /[.e]/.test(text) ? text : `${text}.0`;
}

function numberText(expr: Extract<Expr, { kind: 'number' }>): string {
  const clean = expr.text.includes('_') ? expr.text.replace(/_/g, '') : expr.text;
  const readsBack = /^(\d[\d_]*(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(expr.text) && Object.is(Number(clean), expr.value) && /^[0-9]+$/.test(clean) === expr.isInteger;
  return readsBack ? expr.text : printNumberSource(expr.value, expr.isInteger);
}

function quoteString(expr: Extract<Expr, { kind: 'string' }>): string {
  const value = expr.value;
  // A raw string reads back unchanged if it has no quote of its kind and does not end in a backslash.
  if (expr.raw && value.includes('\\') && !value.includes('\n') && !value.endsWith('\\')) {
    if (!value.includes("'")) return `r'${value}'`;
    if (!value.includes('"')) return `r"${value}"`;
  }
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let body = '';
  for (const c of value) {
    if (c === '\\') body += '\\\\';
    else if (c === '\n') body += '\\n';
    else if (c === '\t') body += '\\t';
    else if (c === quote) body += `\\${quote}`;
    else body += c;
  }
  return `${quote}${body}${quote}`;
}

function printSlice(slice: SliceExpr): string {
  return `${slice.lower === undefined ? '' : printAt(slice.lower, 0)}:${slice.upper === undefined ? '' : printAt(slice.upper, 0)}`;
}

/** Prints `expr` where the surrounding construct needs at least precedence `min` (else parentheses). */
function printAt(expr: Expr, min: number): string {
  const text = printBare(expr);
  return precedenceOf(expr) < min ? `(${text})` : text;
}

function printBare(expr: Expr): string {
  switch (expr.kind) {
    case 'number':
      return numberText(expr);
    case 'bool':
      return expr.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'name':
      return expr.name;
    case 'string':
      return quoteString(expr);
    case 'list': {
      const items = expr.items.map((item) => printAt(item, 0));
      if (!expr.tuple) return `[${items.join(', ')}]`;
      return items.length === 1 ? `(${items[0] ?? ''},)` : `(${items.join(', ')})`;
    }
    case 'dict':
      return `{${expr.entries.map((entry) => `${printAt(entry.key, 0)}: ${printAt(entry.value, 0)}`).join(', ')}}`;
    case 'unary':
      // `not` takes a `not` or a comparison; `-`/`+` take a unary or a power (`-x**2`, `--x`).
      return expr.op === 'not' ? `not ${printAt(expr.operand, NOT)}` : `${expr.op}${printAt(expr.operand, UNARY)}`;
    case 'binary': {
      const own = BINARY_PRECEDENCE[expr.op] ?? SUM;
      // `**` is right-associative and its exponent may be a unary (`2**-1`); the others are left-associative.
      const left = expr.op === '**' ? printAt(expr.left, POSTFIX) : printAt(expr.left, own);
      const right = expr.op === '**' ? printAt(expr.right, UNARY) : printAt(expr.right, own + 1);
      return TIGHT_OPERATORS.has(expr.op) ? `${left}${expr.op}${right}` : `${left} ${expr.op} ${right}`;
    }
    case 'compare': {
      // Each operand is a sum or tighter; a nested comparison needs parentheses (no chaining).
      const parts = expr.operands.map((operand, k) => (k === 0 ? '' : `${expr.ops[k - 1] ?? '=='} `) + printAt(operand, SUM));
      return parts.join(' ');
    }
    case 'boolop': {
      const own = expr.op === 'or' ? OR : AND;
      return `${printAt(expr.left, own)} ${expr.op} ${printAt(expr.right, own + 1)}`;
    }
    case 'call': {
      const args = [...expr.args.map((a) => printAt(a, 0)), ...expr.keywords.map((k) => `${k.name}=${printAt(k.value, 0)}`)];
      return `${printAt(expr.callee, POSTFIX)}(${args.join(', ')})`;
    }
    case 'attribute': {
      // `1.real` would scan as the number `1.` followed by a name.
      const object = expr.object.kind === 'number' ? `(${printBare(expr.object)})` : printAt(expr.object, POSTFIX);
      return `${object}.${expr.name}`;
    }
    case 'subscript':
      return `${printAt(expr.object, POSTFIX)}[${expr.index.kind === 'slice' ? printSlice(expr.index) : printAt(expr.index, 0)}]`;
  }
}

/** Brian2 source text for `expr`, with the fewest parentheses that keep its structure. */
export function printSource(expr: Expr): string {
  return printAt(expr, 0);
}
