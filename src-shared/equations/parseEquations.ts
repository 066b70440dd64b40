/**
 * Parser for Brian2 equation strings. Works line by line (a line that does not start a new
 * definition continues the previous one), so one bad line does not hide errors in the others:
 * every line's problems are reported. Offsets are absolute in the user's document.
 */
import { abbreviate, makeDiagnostic, toSpan, type Diagnostic, type SourceSpan } from '../diagnostics';
import { parseExpression, TokenScanner, type Token, type ValueType } from '../expressions';
import { DIMENSIONLESS, parseUnitExpression, type Dimension } from '../units';
import type { EquationDef, EquationFlag, EquationKind, Equations } from './equation';
import { checkIdentifier } from './identifiers';

/** Options for `parseEquations`. */
export interface ParseEquationsOptions {
  /** Offset of the equation text in the user's document. */
  readonly offset?: number;
  /**
   * Unit assumed when a definition has no `: unit` part. Brian2 requires the unit; the seed's
   * TypeScript API passes `'1'` to accept its unit-less equations. Absent means required.
   */
  readonly defaultUnit?: string;
}

interface LogicalLine {
  readonly text: string;
  readonly start: number;
}

/** How a definition starts: `dx/dt =`, `x =` or `x :`, recognised on the scanner's tokens. */
type DefinitionHead =
  | { readonly kind: 'differential' | 'subexpression'; readonly name: Token; readonly exprStart: number }
  | { readonly kind: 'parameter'; readonly name: Token };

function readHead(text: string): DefinitionHead | undefined {
  // Only the first four tokens matter: read them one at a time, not the whole (possibly huge)
  // line with its diagnostics.
  const scanner = new TokenScanner(text);
  const [first, second, third, fourth] = [scanner.next(), scanner.next(), scanner.next(), scanner.next()];
  const isOp = (token: Token | undefined, op: string): boolean => token?.kind === 'op' && token.text === op;
  const firstChar = first?.text.charAt(0) ?? '';
  if (first?.kind !== 'name' || (firstChar >= '0' && firstChar <= '9')) return undefined;
  if (first.text.length > 1 && first.text.startsWith('d') && startsName(first.text.charAt(1)) && isOp(second, '/') && third?.kind === 'name' && third.text === 'dt' && isOp(fourth, '=') && fourth !== undefined) {
    return { kind: 'differential', name: first, exprStart: fourth.span.end };
  }
  if (isOp(second, '=') && second !== undefined) return { kind: 'subexpression', name: first, exprStart: second.span.end };
  if (second?.kind === 'eof' || isOp(second, ':')) return { kind: 'parameter', name: first };
  return undefined;
}

/** Whether a character can start a name (ASCII letter or underscore). */
function startsName(c: string): boolean {
  return c === '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/** Whether a line starts a new definition (otherwise it continues the previous one). */
function startsDefinition(text: string): boolean {
  const head = readHead(text);
  return head !== undefined && (head.kind !== 'parameter' || text.includes(':'));
}

function toLogicalLines(text: string): LogicalLine[] {
  const lines: { text: string; start: number }[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    const hash = raw.indexOf('#');
    const content = hash >= 0 ? raw.slice(0, hash) : raw;
    if (content.trim() !== '') {
      const previous = lines[lines.length - 1];
      if (previous !== undefined && !startsDefinition(content)) {
        // Continuation: keep offsets exact by padding the gap with spaces.
        previous.text = previous.text + ' '.repeat(start - (previous.start + previous.text.length)) + content;
      } else lines.push({ text: content, start });
    }
    start += raw.length + 1;
  }
  return lines;
}

/** Finds the last `:` that is not inside parentheses. */
function findUnitColon(text: string): number {
  let depth = 0;
  let found = -1;
  for (let k = 0; k < text.length; k++) {
    const c = text.charAt(k);
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ':' && depth === 0) found = k;
  }
  return found;
}

/** Splits `unit (flag, flag)` into unit text and flags. */
function splitFlags(text: string, start: number): { unitText: string; unitStart: number; flags: EquationFlag[]; flagsSpan?: SourceSpan } {
  const trimmedEnd = text.trimEnd();
  const match = /\(([A-Za-z_ ,-]*)\)$/.exec(trimmedEnd);
  const leading = text.length - text.trimStart().length;
  if (match === null || !/[A-Za-z]/.test(match[1] ?? '')) {
    return { unitText: text.trim(), unitStart: start + leading, flags: [] };
  }
  const open = match.index;
  const flags: EquationFlag[] = [];
  let cursor = open + 1;
  for (const part of (match[1] ?? '').split(',')) {
    const name = part.trim().replace(/\s+/g, ' ');
    const partStart = cursor + part.indexOf(part.trim());
    if (name !== '') flags.push({ name, span: toSpan(start + partStart, start + partStart + part.trim().length) });
    cursor += part.length + 1;
  }
  return { unitText: text.slice(0, open).trim(), unitStart: start + leading, flags, flagsSpan: toSpan(start + open, start + trimmedEnd.length) };
}

function resolveUnit(unitText: string, span: SourceSpan, diagnostics: Diagnostic[]): { dim: Dimension; type: ValueType } {
  if (unitText === 'boolean') return { dim: DIMENSIONLESS, type: 'boolean' };
  if (unitText === 'integer') return { dim: DIMENSIONLESS, type: 'integer' };
  if (unitText === 'bool') {
    diagnostics.push(makeDiagnostic('SF1004', { detail: '"bool" is not a unit; for a boolean variable write "boolean"' }, span, ['Brian2 spells the boolean type "boolean"']));
    return { dim: DIMENSIONLESS, type: 'boolean' };
  }
  const parsed = parseUnitExpression(unitText, span.start);
  if (!parsed.ok) {
    diagnostics.push(...parsed.diagnostics);
    return { dim: DIMENSIONLESS, type: 'float' };
  }
  diagnostics.push(...parsed.diagnostics);
  if (!parsed.value.isBaseOnly) {
    diagnostics.push(makeDiagnostic('SF1003', { name: abbreviate(unitText), suggestion: abbreviate(parsed.value.baseSuggestion ?? 'the base unit') }, span));
  }
  return { dim: parsed.value.dim, type: 'float' };
}

function parseLine(line: LogicalLine, offset: number, options: ParseEquationsOptions, diagnostics: Diagnostic[]): EquationDef | undefined {
  const base = offset + line.start;
  const text = line.text;
  const lineSpan = toSpan(base + (text.length - text.trimStart().length), base + text.trimEnd().length);
  const colon = findUnitColon(text);
  const head = colon >= 0 ? text.slice(0, colon) : text;
  const tail = colon >= 0 ? text.slice(colon + 1) : undefined;

  let kind: EquationKind;
  let name: string;
  let nameSpan: SourceSpan;
  let exprText: string | undefined;
  let exprStart = 0;
  const definition = readHead(head);
  if (definition !== undefined && definition.kind !== 'parameter') {
    kind = definition.kind;
    // The name of `dx/dt` is x: one character after the token's start.
    const skip = kind === 'differential' ? 1 : 0;
    name = definition.name.text.slice(skip);
    nameSpan = toSpan(base + definition.name.span.start + skip, base + definition.name.span.end);
    exprStart = definition.exprStart;
    exprText = head.slice(exprStart);
  } else if (definition !== undefined && colon >= 0) {
    kind = 'parameter';
    name = definition.name.text;
    nameSpan = toSpan(base + definition.name.span.start, base + definition.name.span.end);
  } else {
    diagnostics.push(makeDiagnostic('SF3001', { detail: 'expected "dx/dt = expression : unit", "x = expression : unit" or "x : unit"' }, lineSpan));
    return undefined;
  }

  const reason = checkIdentifier(name);
  if (reason !== undefined) diagnostics.push(makeDiagnostic('SF3004', { name: abbreviate(name, 40), reason }, nameSpan));

  let expr;
  let syntaxError = false;
  if (exprText !== undefined) {
    if (exprText.trim() === '') {
      // Underline what is there: the blank after "=", or the "=" itself at the end of the text.
      const blank = exprText.length > 0 ? toSpan(base + exprStart, base + exprStart + exprText.length) : toSpan(base + exprStart - 1, base + exprStart);
      diagnostics.push(makeDiagnostic('SF2002', { expected: 'an expression', found: colon >= 0 ? '":"' : 'end of line' }, blank));
    } else {
      const parsed = parseExpression(exprText, { offset: base + exprStart, mode: 'model' });
      syntaxError = parsed.diagnostics.some((d) => d.severity === 'error');
      const [first, ...rest] = parsed.diagnostics;
      if (first !== undefined && colon < 0 && options.defaultUnit === undefined && first.code === 'SF2002' && startsName(text.charAt((first.span?.start ?? base) - base))) {
        // `dv/dt = -v / tau volt`: the unit is there, the colon before it is not.
        diagnostics.push({ ...first, notes: [...(first.notes ?? []), 'a definition ends with ": unit"; is the ":" before the unit missing?'] }, ...rest);
      } else diagnostics.push(...parsed.diagnostics);
      expr = parsed.expr;
    }
  }

  let unitText = options.defaultUnit ?? '';
  let unitSpan = toSpan(lineSpan.end, lineSpan.end);
  let flags: EquationFlag[] = [];
  if (tail !== undefined) {
    const split = splitFlags(tail, base + colon + 1 - base);
    unitText = split.unitText;
    unitSpan = toSpan(base + split.unitStart, base + split.unitStart + unitText.length);
    flags = split.flags.map((f) => ({ name: f.name, span: toSpan(base + f.span.start, base + f.span.end) }));
    if (unitText === '') {
      diagnostics.push(makeDiagnostic('SF3001', { detail: `missing unit after ":" for "${abbreviate(name, 40)}"` }, toSpan(base + colon, base + colon + 1), ['write ": 1" for a dimensionless variable']));
      unitText = '1';
    }
  } else if (options.defaultUnit === undefined) {
    // After a syntax error the ":" may sit inside an unclosed bracket: that error says enough.
    if (!syntaxError) diagnostics.push(makeDiagnostic('SF3001', { detail: `missing ": unit" after the definition of "${abbreviate(name, 40)}"` }, lineSpan, ['add the unit of the variable, e.g. ": volt", or ": 1" if it is dimensionless']));
    unitText = '1';
  }
  const { dim, type } = resolveUnit(unitText, unitSpan, diagnostics);
  if (kind === 'differential' && type !== 'float' && unitText !== 'bool') {
    // Brian2: "Differential equations can only be of type float" (a TypeError in Equations()).
    diagnostics.push(makeDiagnostic('SF3008', { name: abbreviate(name, 40), type: unitText }, unitSpan));
  }
  const source = text.trim().replace(/\s+/g, ' ');
  return { kind, name, nameSpan, ...(expr ? { expr } : {}), unitText, unitSpan, dim, type, flags, span: lineSpan, source };
}

/** Parses an equation string; reports every line's problems. */
export function parseEquations(text: string, options: ParseEquationsOptions = {}): { equations: Equations; diagnostics: Diagnostic[] } {
  const offset = options.offset ?? 0;
  const diagnostics: Diagnostic[] = [];
  const definitions: EquationDef[] = [];
  const seen = new Map<string, EquationDef>();
  for (const line of toLogicalLines(text)) {
    const def = parseLine(line, offset, options, diagnostics);
    if (def === undefined) continue;
    if (seen.has(def.name)) {
      diagnostics.push(makeDiagnostic('SF3003', { name: abbreviate(def.name, 40) }, def.nameSpan));
      continue;
    }
    seen.set(def.name, def);
    definitions.push(def);
  }
  if (definitions.length === 0 && diagnostics.length === 0) {
    diagnostics.push(makeDiagnostic('SF3006', {}, toSpan(offset, offset + text.length)));
  }
  return { equations: { definitions }, diagnostics };
}
