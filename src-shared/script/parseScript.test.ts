import { describe, expect, it } from 'vitest';
import type { SourceSpan } from '../diagnostics';
import { parseScript } from './parseScript';
import type { ScriptStatement } from './scriptAst';

function slice(text: string, span: SourceSpan | undefined): string {
  return span === undefined ? '<no span>' : text.slice(span.start, span.end);
}

function kinds(statements: readonly ScriptStatement[]): string[] {
  return statements.map((s) => s.kind);
}

describe('parseScript', () => {
  it('reads imports, assignments, attribute assignments and calls with spans', () => {
    const text = "from brian2 import *\nimport numpy as np, matplotlib.pyplot\ntau = 10*ms\nG.v = 0\nrun(100*ms)\n";
    const { ast, diagnostics } = parseScript(text);
    expect(diagnostics).toEqual([]);
    expect(kinds(ast.statements)).toEqual(['fromImport', 'import', 'assign', 'attributeAssign', 'expression']);
    const [star, imports, assign, attr, call] = ast.statements;
    expect(star).toMatchObject({ kind: 'fromImport', module: 'brian2', names: '*' });
    expect(imports).toMatchObject({ kind: 'import', names: [{ name: 'numpy', alias: 'np' }, { name: 'matplotlib.pyplot' }] });
    expect(assign?.kind === 'assign' && slice(text, assign.targetSpan)).toBe('tau');
    expect(assign?.kind === 'assign' && slice(text, assign.value.span)).toBe('10*ms');
    expect(attr?.kind === 'attributeAssign' && [attr.attribute, slice(text, attr.attributeSpan), slice(text, attr.targetSpan)]).toEqual(['v', 'v', 'G.v']);
    expect(slice(text, call?.span)).toBe('run(100*ms)');
  });

  it('reads from-imports with aliases and parentheses', () => {
    const { ast, diagnostics } = parseScript('from brian2 import (NeuronGroup as NG,\n    ms)\n');
    expect(diagnostics).toEqual([]);
    expect(ast.statements[0]).toMatchObject({ kind: 'fromImport', names: [{ name: 'NeuronGroup', alias: 'NG' }, { name: 'ms' }] });
  });

  it('splits ";"-separated statements and joins lines inside brackets and after a backslash', () => {
    const text = 'a = 1; b = 2\nc = (a +\n     b)\nd = a + \\\n    b\n';
    const { ast, diagnostics } = parseScript(text);
    expect(diagnostics).toEqual([]);
    expect(ast.statements.map((s) => (s.kind === 'assign' ? s.target : s.kind))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps the content offset of triple-quoted strings', () => {
    const text = "eqs = '''\ndv/dt = -v/tau : 1\n'''\n";
    const { ast } = parseScript(text);
    const value = ast.statements[0]?.kind === 'assign' ? ast.statements[0].value : undefined;
    expect(value?.kind).toBe('string');
    if (value?.kind === 'string') expect(text.slice(value.contentStart, value.contentStart + value.value.length)).toBe(value.value);
  });

  it('parses for loops with their body', () => {
    const text = 'for k in range(3):\n    plot(k)\n    xlabel("t")\nrun(1*ms)\n';
    const { ast, diagnostics } = parseScript(text);
    expect(diagnostics).toEqual([]);
    expect(kinds(ast.statements)).toEqual(['for', 'expression']);
    const loop = ast.statements[0];
    expect(loop?.kind === 'for' && [loop.target, kinds(loop.body), slice(text, loop.span)]).toEqual(['k', ['expression', 'expression'], 'for k in range(3):']);
  });

  it('records other blocks as unsupported, with the names they assign, and skips their bodies', () => {
    const text = 'if x:\n    y = 1\nelse:\n    y = 2\n    z = 3\ndef f(a):\n    return a\nw = 4\n';
    const { ast, diagnostics } = parseScript(text);
    expect(diagnostics).toEqual([]);
    expect(kinds(ast.statements)).toEqual(['unsupported', 'unsupported', 'assign']);
    const [ifBlock, def] = ast.statements;
    expect(ifBlock).toMatchObject({ what: '"if" blocks', assigns: ['y', 'y', 'z'] });
    expect(slice(text, ifBlock?.span)).toBe('if x:');
    expect(def).toMatchObject({ what: 'function definitions ("def")', assigns: ['f'] });
  });

  it('records valid but unsupported simple statements', () => {
    const { ast } = parseScript('x += 1\na, b = 1, 2\ndel a\nG.v[0] = 1\nx[0] += 1\n');
    expect(ast.statements.map((s) => (s.kind === 'unsupported' ? s.what : s.kind))).toEqual([
      'assign', // x = x + 1
      'assignment to several names at once (a, b = …)',
      '"del" statements',
      'assignment to an index or slice (x[…] = …)',
      'augmented assignment ("+=")',
    ]);
  });

  it('reports a bracket that is never closed and resumes where the statement stops making sense', () => {
    const text = 'a = (1 +\nb = 2\nc = 3\n';
    const { ast, diagnostics } = parseScript(text);
    expect(diagnostics.map((d) => [d.code, d.message, slice(text, d.span)])).toEqual([
      ['SF2002', 'Syntax error: expected ")" to close this "(", found the end of the script.', '('],
    ]);
    expect(ast.statements.map((s) => (s.kind === 'assign' ? s.target : s.kind))).toEqual(['invalid', 'b', 'c']);
    expect(ast.statements[0]).toMatchObject({ kind: 'invalid', assigns: ['a'] });
  });

  it('resumes after a call whose arguments run into the next statement', () => {
    const text = 'G = NeuronGroup(10,\n    eqs\nrun(1*ms)\n';
    const { ast, diagnostics } = parseScript(text);
    expect(diagnostics.map((d) => [d.code, slice(text, d.span)])).toEqual([['SF2002', '(']]);
    expect(ast.statements.map((s) => s.kind)).toEqual(['invalid', 'expression']);
  });

  it('reports each of several independent syntax errors', () => {
    const text = 'a = 1 +\nb = )\nc = 3\nd = 3 $\ne = 1 1\n';
    const { ast, diagnostics } = parseScript(text);
    expect(diagnostics.map((d) => [d.code, slice(text, d.span)])).toEqual([
      ['SF2001', '$'],
      ['SF2002', ''],
      ['SF2002', ')'],
      ['SF2002', '1'],
    ]);
    expect(kinds(ast.statements)).toEqual(['invalid', 'invalid', 'assign', 'invalid', 'invalid']);
  });

  it('names unsupported constructs instead of a bare syntax error', () => {
    const text = "G = NeuronGroup(1, eqs, namespace={'tau': tau})\nnames = {'v', 'w'}\nxs = [k for k in range(3)]\n";
    const { diagnostics } = parseScript(text);
    expect(diagnostics.map((d) => [d.code, d.message, slice(text, d.span)])).toEqual([
      ['SF4009', 'Unsupported in the script: set literals ({…}).', '{'],
      ['SF4009', 'Unsupported in the script: comprehensions ([… for … in …]).', 'for'],
    ]);
  });

  it('reports unexpected indentation once per indented run of lines', () => {
    const text = 'a = 1\n  b = 2\n  c = 3\nd = 4\n';
    const { ast, diagnostics } = parseScript(text);
    expect(diagnostics.map((d) => [d.code, slice(text, d.span)])).toEqual([['SF2002', 'b']]);
    expect(ast.statements.at(-1)).toMatchObject({ kind: 'assign', target: 'd' });
  });

  it('reports a for loop without a body', () => {
    const text = 'for k in range(3):\nrun(1*ms)\n';
    const { diagnostics } = parseScript(text);
    expect(diagnostics.map((d) => [d.code, slice(text, d.span)])).toEqual([['SF2002', ':']]);
  });

  it('survives pathological nesting without throwing', () => {
    const text = `x = ${'('.repeat(20000)}1${')'.repeat(20000)}\ny = 2\n`;
    const { ast, diagnostics } = parseScript(text);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(ast.statements.at(-1)).toMatchObject({ kind: 'assign', target: 'y' });
  });
});
