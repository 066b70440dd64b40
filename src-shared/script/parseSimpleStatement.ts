/**
 * Parses one simple Python statement (one that ends at `;` or the end of its logical line):
 * imports, assignments, expression statements, and the valid-but-unsupported forms
 * (`x += 1`, `a, b = …`, `del`, `return`, …) which are recorded for the evaluator to report.
 * Syntax errors abort through the shared `TokenCursor`, and `parseScript` turns them into
 * diagnostics and resumes at the next line.
 */
import { joinSpans, type SourceSpan } from '../diagnostics';
import { parseExpressionAt, type BinaryOperator, type Expr, type Token, type TokenCursor } from '../expressions';
import type { ImportedName, ScriptStatement } from './scriptAst';

const AUGMENTED_OPS = new Set(['+=', '-=', '*=', '/=', '%=', '//=', '**=']);
const UNSUPPORTED_KEYWORDS: Readonly<Record<string, string>> = {
  del: '"del" statements',
  global: '"global" statements',
  nonlocal: '"nonlocal" statements',
  assert: '"assert" statements',
  raise: '"raise" statements',
  return: '"return" outside a function',
  yield: '"yield" outside a function',
  break: '"break" outside a loop',
  continue: '"continue" outside a loop',
  exec: '"exec"',
};

/** Consumes tokens up to (not including) the next `;` or the end of the line; returns the span covered. */
function skipToStatementEnd(cursor: TokenCursor, start: SourceSpan): SourceSpan {
  let span = start;
  while (cursor.peek().kind !== 'eof' && !cursor.isOp(';')) span = joinSpans(span, cursor.next().span);
  return span;
}

function expectStatementEnd(cursor: TokenCursor): void {
  if (cursor.isOp(';')) cursor.next();
  else if (cursor.peek().kind !== 'eof') cursor.fail('";" or the end of the line');
}

function parseDottedName(cursor: TokenCursor): { name: string; span: SourceSpan } {
  const first = cursor.peek();
  if (first.kind !== 'name') cursor.fail('a module name');
  cursor.next();
  let name = first.text;
  let span = first.span;
  while (cursor.isOp('.')) {
    cursor.next();
    const part = cursor.peek();
    if (part.kind !== 'name') cursor.fail('a name after "."');
    cursor.next();
    name += `.${part.text}`;
    span = joinSpans(span, part.span);
  }
  return { name, span };
}

function parseAlias(cursor: TokenCursor, name: string, span: SourceSpan): ImportedName {
  if (!cursor.isKeyword('as')) return { name, span };
  cursor.next();
  const alias = cursor.peek();
  if (alias.kind !== 'name') cursor.fail('a name after "as"');
  cursor.next();
  return { name, alias: alias.text, span: joinSpans(span, alias.span) };
}

function parseImport(cursor: TokenCursor, keyword: Token): ScriptStatement {
  cursor.next();
  const names: ImportedName[] = [];
  do {
    if (names.length > 0) cursor.next(); // the ","
    const dotted = parseDottedName(cursor);
    names.push(parseAlias(cursor, dotted.name, dotted.span));
  } while (cursor.isOp(','));
  const last = names[names.length - 1];
  expectStatementEnd(cursor);
  return { kind: 'import', names, span: joinSpans(keyword.span, last?.span ?? keyword.span) };
}

function parseFromImport(cursor: TokenCursor, keyword: Token): ScriptStatement {
  cursor.next();
  let dots = '';
  while (cursor.isOp('.')) dots += cursor.next().text;
  const module = cursor.isKeyword('import') && dots !== '' ? { name: '', span: keyword.span } : parseDottedName(cursor);
  if (!cursor.isKeyword('import')) cursor.fail('"import"');
  cursor.next(); // "import"
  const moduleName = dots + module.name;
  if (cursor.isOp('*')) {
    const star = cursor.next();
    expectStatementEnd(cursor);
    return { kind: 'fromImport', module: moduleName, moduleSpan: module.span, names: '*', span: joinSpans(keyword.span, star.span) };
  }
  const parenthesised = cursor.isOp('(');
  if (parenthesised) cursor.next();
  const names: ImportedName[] = [];
  let end: SourceSpan;
  for (;;) {
    const name = cursor.peek();
    if (name.kind !== 'name') cursor.fail('a name to import');
    cursor.next();
    const imported = parseAlias(cursor, name.text, name.span);
    names.push(imported);
    end = imported.span;
    if (!cursor.isOp(',')) break;
    cursor.next();
    if (parenthesised && cursor.isOp(')')) break;
  }
  if (parenthesised) end = cursor.expectOp(')').span;
  expectStatementEnd(cursor);
  return { kind: 'fromImport', module: moduleName, moduleSpan: module.span, names, span: joinSpans(keyword.span, end) };
}

function namesOf(target: Expr): string[] {
  if (target.kind === 'name') return [target.name];
  if (target.kind === 'list') return target.items.flatMap(namesOf);
  return [];
}

/** Builds the statement for `target = value` once the target's shape is known. */
function toAssignment(target: Expr, value: Expr, span: SourceSpan): ScriptStatement {
  switch (target.kind) {
    case 'name':
      return { kind: 'assign', target: target.name, targetSpan: target.span, value, span };
    case 'attribute':
      return { kind: 'attributeAssign', object: target.object, attribute: target.name, attributeSpan: target.nameSpan, targetSpan: target.span, value, span };
    case 'subscript':
      return { kind: 'unsupported', what: 'assignment to an index or slice (x[…] = …)', assigns: [], span };
    case 'list':
      return { kind: 'unsupported', what: 'assignment to several names at once (a, b = …)', assigns: namesOf(target), value, span };
    default:
      return { kind: 'unsupported', what: `assignment to ${target.kind === 'call' ? 'a function call' : 'an expression'}`, assigns: [], span };
  }
}

/** Parses an expression, or a bare tuple `a, b` as Python allows on either side of `=`. */
function parseExpressionList(cursor: TokenCursor): Expr {
  const first = parseExpressionAt(cursor);
  if (!cursor.isOp(',')) return first;
  const items: Expr[] = [first];
  while (cursor.isOp(',')) {
    cursor.next();
    if (cursor.peek().kind === 'eof' || cursor.isOp(';') || cursor.isOp('=')) break;
    items.push(parseExpressionAt(cursor));
  }
  const last = items[items.length - 1] ?? first;
  return { kind: 'list', items, tuple: true, span: joinSpans(first.span, last.span) };
}

/**
 * Parses one simple statement at the cursor, consuming its terminating `;` if any.
 * Returns `'pass'` for statements that do nothing.
 */
export function parseSimpleStatement(cursor: TokenCursor): ScriptStatement | 'pass' {
  const first = cursor.peek();
  if (first.kind === 'name') {
    if (first.text === 'import') return parseImport(cursor, first);
    if (first.text === 'from') return parseFromImport(cursor, first);
    if (first.text === 'pass') {
      cursor.next();
      expectStatementEnd(cursor);
      return 'pass';
    }
    const keyword = UNSUPPORTED_KEYWORDS[first.text];
    if (keyword !== undefined) {
      const span = skipToStatementEnd(cursor, first.span);
      expectStatementEnd(cursor);
      return { kind: 'unsupported', what: keyword, assigns: [], span };
    }
  }
  const target = parseExpressionList(cursor);
  const operator = cursor.peek();
  if (operator.kind === 'op' && operator.text === '=') {
    const targets: Expr[] = [target];
    let value: Expr = target;
    while (cursor.isOp('=')) {
      cursor.next();
      value = parseExpressionList(cursor);
      targets.push(value);
    }
    targets.pop(); // the last one is the value
    expectStatementEnd(cursor);
    const span = joinSpans(target.span, value.span);
    if (targets.length > 1) {
      return { kind: 'unsupported', what: 'chained assignment (a = b = …)', assigns: targets.flatMap(namesOf), span };
    }
    return toAssignment(target, value, span);
  }
  if (operator.kind === 'op' && AUGMENTED_OPS.has(operator.text)) {
    cursor.next();
    const value = parseExpressionList(cursor);
    expectStatementEnd(cursor);
    const span = joinSpans(target.span, value.span);
    // `x op= value` on a name (or an attribute) is `x = x op (value)`, as Python evaluates it for numbers.
    if (target.kind === 'name' || target.kind === 'attribute') {
      const op = operator.text.slice(0, -1) as BinaryOperator;
      return toAssignment(target, { kind: 'binary', op, left: target, right: value, span }, span);
    }
    return { kind: 'unsupported', what: `augmented assignment ("${operator.text}")`, assigns: namesOf(target), span };
  }
  if (operator.kind === 'op' && operator.text === ':') {
    const span = skipToStatementEnd(cursor, target.span);
    expectStatementEnd(cursor);
    return { kind: 'unsupported', what: 'annotated assignment (x: type = …)', assigns: namesOf(target), span };
  }
  expectStatementEnd(cursor);
  return { kind: 'expression', expr: target, span: target.span };
}
