/**
 * Prints abstract-code expressions to C++ and to JavaScript from one walk, so both tiers perform
 * the same operations in the same order (every binary operation is parenthesised; constants are
 * printed as shortest round-trip decimals). Python semantics are written out (true division,
 * floor division and modulo with the sign of the divisor) instead of relying on either
 * language's operators. The transcendental functions (`exp`, `log`, `sin`, …, `exprel`) and `**`
 * with a non-constant or non-(half-)integer exponent call SpikeForge's own kernels
 * (`support/mathKernels.ts`) and `rand`/`randn` the counter-based generator (`support/philox.ts`),
 * printed into both tiers; the printer records which of them an expression needs.
 */
import type { Diagnostic } from '../diagnostics';
import type { TimedArrayShape } from '../equations';
import type { Expr, ValueType } from '../expressions';
import type { MathKernel } from './support/mathKernels';
import { toLocalName } from './symbolNames';

export type CodeTarget = 'cpp' | 'js';

/** How the printer sees a name: its printed form and type. */
export interface PrintSymbol {
  readonly code: string;
  readonly type: ValueType;
  /** A TimedArray called as a function: how to index its host array. */
  readonly timed?: TimedArrayShape;
}

export type PrintLookup = (name: string) => PrintSymbol | undefined;

/** Prints a number as the shortest decimal that round-trips, typed for the target. */
export function printNumber(value: number, type: ValueType, target: CodeTarget): string {
  if (Number.isNaN(value)) return target === 'cpp' ? '__builtin_nan("")' : 'NaN';
  if (!Number.isFinite(value)) {
    const inf = target === 'cpp' ? '__builtin_inf()' : 'Infinity';
    return value < 0 ? `(-${inf})` : inf;
  }
  const text = String(value);
  if (type === 'integer' || target === 'js') return value < 0 ? `(${text})` : text;
  const asDouble = /[.e]/.test(text) ? text : `${text}.0`;
  return value < 0 ? `(${asDouble})` : asDouble;
}

/** Built-in functions of one argument computed by a math kernel `_sf_<name>` (BRIAN2_SEMANTICS.md §5). */
const KERNEL_FUNCTIONS: ReadonlySet<string> = new Set<MathKernel>(['exp', 'log', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'log10', 'arcsin', 'arccos', 'arctan', 'expm1', 'log1p', 'exprel']);
const isKernelFunction = (name: string): name is MathKernel => KERNEL_FUNCTIONS.has(name);

/** Support code a printed expression calls: math kernels by name, the generators. */
export type SupportNeed = MathKernel | 'random' | 'binomial';

/** What the printer may use besides the lookup. */
export interface PrintOptions {
  /** Receives each support function the expression needs. */
  readonly needs?: Set<SupportNeed>;
  /**
   * Gives each `rand()`/`randn()` call a distinct number (its random stream within a step and
   * neuron). Both targets must be printed with the same numbering.
   */
  readonly nextRandomSite?: () => number;
}

/** Prints `expr` for `target`. Unknown names are a bug here: checks ran before code generation. */
export function printExpression(expr: Expr, lookup: PrintLookup, target: CodeTarget, options: PrintOptions = {}): { code: string; type: ValueType; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let fallbackSite = 0;
  const nextSite = options.nextRandomSite ?? (() => fallbackSite++);
  const cpp = target === 'cpp';
  const visit = (node: Expr): { code: string; type: ValueType } => {
    switch (node.kind) {
      case 'number':
        return { code: printNumber(node.value, node.isInteger ? 'integer' : 'float', target), type: node.isInteger ? 'integer' : 'float' };
      case 'bool':
        return { code: node.value ? 'true' : 'false', type: 'boolean' };
      case 'name': {
        const symbol = lookup(node.name);
        if (symbol === undefined) throw new Error(`printExpression: unresolved name ${node.name} (checks must run first)`);
        return symbol;
      }
      case 'unary': {
        const operand = visit(node.operand);
        if (node.op === 'not') return { code: `(!${operand.code})`, type: 'boolean' };
        return { code: node.op === '-' ? `(-${operand.code})` : operand.code, type: operand.type === 'boolean' ? 'integer' : operand.type };
      }
      case 'binary': {
        const l = visit(node.left);
        const r = visit(node.right);
        const bothInt = l.type !== 'float' && r.type !== 'float';
        const resultType: ValueType = bothInt ? 'integer' : 'float';
        switch (node.op) {
          case '+':
          case '-':
          case '*':
            return { code: `(${l.code} ${node.op} ${r.code})`, type: resultType };
          case '/':
            // Python's true division, also for two integers.
            return { code: bothInt && cpp ? `((double)${l.code} / (double)${r.code})` : `(${l.code} / ${r.code})`, type: 'float' };
          case '//':
            if (bothInt) return { code: cpp ? `_sf_floordiv_int(${l.code}, ${r.code})` : `Math.floor(${l.code} / ${r.code})`, type: 'integer' };
            return { code: cpp ? `__builtin_floor(${l.code} / ${r.code})` : `Math.floor(${l.code} / ${r.code})`, type: 'float' };
          case '%':
            if (bothInt) return { code: cpp ? `_sf_mod_int(${l.code}, ${r.code})` : `_sf_mod_int(${l.code}, ${r.code})`, type: 'integer' };
            return { code: `_sf_mod(${l.code}, ${r.code})`, type: 'float' };
          case '**': {
            const exponent = node.right.kind === 'number' ? node.right.value : node.right.kind === 'unary' && node.right.op === '-' && node.right.operand.kind === 'number' ? -node.right.operand.value : undefined;
            if (exponent !== undefined && Number.isInteger(exponent) && Math.abs(exponent) <= 16) {
              if (exponent === 0) return { code: printNumber(1, 'float', target), type: 'float' };
              const product = `(${Array.from({ length: Math.abs(exponent) }, () => l.code).join(' * ')})`;
              return { code: exponent > 0 ? product : `(${printNumber(1, 'float', target)} / ${product})`, type: 'float' };
            }
            if (exponent !== undefined && Number.isInteger(exponent * 2) && Math.abs(exponent) <= 16) {
              // Half-integer exponents: x**(k + 1/2) = x^k · sqrt(x) with the exact square root.
              const root = cpp ? `__builtin_sqrt(${l.code})` : `Math.sqrt(${l.code})`;
              const whole = Math.floor(Math.abs(exponent));
              const product = whole === 0 ? root : `(${[...Array.from({ length: whole }, () => l.code), root].join(' * ')})`;
              return { code: exponent > 0 ? product : `(${printNumber(1, 'float', target)} / ${product})`, type: 'float' };
            }
            // Any other exponent: the pow kernel (C99 pow semantics, one rounding).
            options.needs?.add('pow');
            return { code: `_sf_pow(${l.code}, ${r.code})`, type: 'float' };
          }
        }
        return { code: '0', type: 'float' };
      }
      case 'compare': {
        const operands = node.operands.map(visit);
        const parts = node.ops.map((op, k) => `(${(operands[k] as { code: string }).code} ${op === '==' && !cpp ? '===' : op === '!=' && !cpp ? '!==' : op} ${(operands[k + 1] as { code: string }).code})`);
        return { code: parts.length === 1 ? (parts[0] as string) : `(${parts.join(' && ')})`, type: 'boolean' };
      }
      case 'boolop': {
        const l = visit(node.left);
        const r = visit(node.right);
        return { code: `(${l.code} ${node.op === 'and' ? '&&' : '||'} ${r.code})`, type: 'boolean' };
      }
      case 'call': {
        const name = node.callee.kind === 'name' ? node.callee.name : '';
        const args = node.args.map(visit);
        const a = args[0]?.code ?? '0';
        const timed = lookup(name)?.timed;
        if (timed !== undefined) {
          // BRIAN2_SEMANTICS.md §13: k = (int)((t/eps + 0.5)/K), clamped; the templates define _sf_timed1/2.
          const shape = `${timed.array}, ${timed.rows}, ${printNumber(timed.eps, 'float', target)}, ${printNumber(timed.K, 'float', target)}`;
          if (timed.columns > 0) return { code: `_sf_timed2(${shape}, ${timed.columns}, ${a}, ${args[1]?.code ?? '0'})`, type: 'float' };
          return { code: `_sf_timed1(${shape}, ${a})`, type: 'float' };
        }
        if (isKernelFunction(name)) {
          options.needs?.add(name);
          return { code: `_sf_${name}(${a})`, type: 'float' };
        }
        switch (name) {
          case 'rand':
          case 'randn':
            options.needs?.add('random');
            return { code: `_sf_${name}(_sf_seed, _step, _idx, ${nextSite()})`, type: 'float' };
          case 'abs':
            return { code: cpp ? `__builtin_fabs(${a})` : `Math.abs(${a})`, type: 'float' };
          case 'sqrt':
            return { code: cpp ? `__builtin_sqrt(${a})` : `Math.sqrt(${a})`, type: 'float' };
          case 'floor':
            return { code: cpp ? `__builtin_floor(${a})` : `Math.floor(${a})`, type: 'float' };
          case 'ceil':
            return { code: cpp ? `__builtin_ceil(${a})` : `Math.ceil(${a})`, type: 'float' };
          case 'sign':
            return { code: `_sf_sign(${a})`, type: 'float' };
          case 'clip':
            return { code: `_sf_clip(${a}, ${args[1]?.code ?? '0'}, ${args[2]?.code ?? '0'})`, type: 'float' };
          case '_binomial':
            // PoissonInput's draw (generated by the checker, not callable from model code).
            options.needs?.add('binomial');
            return { code: `_sf_binomial(_sf_seed, _step, _idx, ${nextSite()}, ${a}, ${args[1]?.code ?? '0'})`, type: 'float' };
          case 'timestep':
            // BRIAN2_SEMANTICS.md §1: (int64)((t + 1e-3*dt)/dt); the templates define _sf_timestep.
            return { code: `_sf_timestep(${a}, ${args[1]?.code ?? 'dt'})`, type: 'integer' };
          case 'int':
            if (args[0]?.type === 'boolean') return { code: cpp ? `((int)${a})` : `(${a} ? 1 : 0)`, type: 'integer' };
            return { code: cpp ? `((int)${a})` : `Math.trunc(${a})`, type: 'integer' };
          default:
            throw new Error(`printExpression: unknown function ${name} (checks must run first)`);
        }
      }
      case 'string':
      case 'list':
      case 'dict':
      case 'none':
      case 'attribute':
      case 'subscript':
        throw new Error(`printExpression: ${node.kind} in model code (checks must run first)`);
    }
  };
  const printed = visit(expr);
  return { ...printed, diagnostics };
}

/** The local name a user variable gets in generated code. */
export { toLocalName };
