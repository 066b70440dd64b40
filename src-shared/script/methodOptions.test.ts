import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../diagnostics';
import { printSource } from '../expressions';
import { parseExpression } from '../expressions';
import { checkModel } from '../model';
import { readScript } from './readScript';

// Brian2's method_options (stateupdaters/base.py extract_method_options): only exact/linear takes
// one ('simplify'); the others refuse every key, naming it; with an automatic choice the options
// are never passed to a state updater, so they are ignored (SpikeForge warns).
const HEAD = "from brian2 import *\ntau = 10*ms\neqs = 'dv/dt = -v/tau : volt'\n";

function check(line: string): { codes: [string, string][]; messages: string[] } {
  const text = `${HEAD}${line}\n`;
  const read = readScript(text);
  const diagnostics: Diagnostic[] = [...read.diagnostics];
  if (read.ir !== undefined) diagnostics.push(...checkModel(read.ir).diagnostics);
  return {
    codes: diagnostics.map((d) => [d.code, d.span === undefined ? '<no span>' : text.slice(d.span.start, d.span.end)]),
    messages: diagnostics.map((d) => d.message),
  };
}

describe('method_options', () => {
  it("exact takes {'simplify': False} and dict(simplify=True), kept in the IR", () => {
    expect(check("G = NeuronGroup(2, eqs, method='exact', method_options={'simplify': False})").codes).toEqual([]);
    expect(check("G = NeuronGroup(2, eqs, method='linear', method_options=dict(simplify=True))").codes).toEqual([]);
    const ir = readScript(`${HEAD}G = NeuronGroup(2, eqs, method='exact', method_options={'simplify': False})\n`).ir;
    expect(ir?.groups[0]?.methodOptions?.entries.map((e) => [e.name, e.value])).toEqual([['simplify', false]]);
  });

  it('a method without options refuses any key, at the key, with Brian2-like wording (SF5006)', () => {
    const { codes, messages } = check("G = NeuronGroup(2, eqs, method='euler', method_options={'simplify': False})");
    expect(codes).toEqual([['SF5006', "'simplify': False"]]);
    expect(messages[0]).toBe("method_options specifies 'simplify', but method \"euler\" does not accept any options.");
  });

  it('an unknown key for exact lists the available options (SF5006)', () => {
    const { codes, messages } = check("G = NeuronGroup(2, eqs, method='exact', method_options={'simplify': True, 'tolerance': 1e-6})");
    expect(codes).toEqual([['SF5006', "'tolerance': 1e-6"]]);
    expect(messages[0]).toContain("the options of method \"exact\" are: 'simplify'");
  });

  it('a value of the wrong type is refused at the entry (SF5007)', () => {
    expect(check("G = NeuronGroup(2, eqs, method='exact', method_options={'simplify': 1})").codes).toEqual([['SF5007', "'simplify': 1"]]);
    expect(check("G = NeuronGroup(2, eqs, method='exact', method_options={'simplify': 3*mV})").codes).toEqual([['SF5007', '3*mV']]);
  });

  it('with the method chosen automatically the options are ignored, with a warning (SF5005)', () => {
    const { codes, messages } = check("G = NeuronGroup(2, eqs, method_options={'simplify': False})");
    expect(codes).toEqual([['SF5005', "{'simplify': False}"]]);
    expect(messages[0]).toContain('ignored');
  });

  it('method_options that are not a dict, or keys that are not strings, are errors at their text', () => {
    expect(check('G = NeuronGroup(2, eqs, method="exact", method_options=5)').codes).toEqual([['SF4011', '5']]);
    expect(check('G = NeuronGroup(2, eqs, method="exact", method_options={1: True})').codes).toEqual([['SF4009', '1']]);
    expect(check('G = NeuronGroup(2, eqs, method="exact", method_options=dict(1))').codes).toEqual([['SF4011', '1']]);
    expect(check('G = NeuronGroup(2, eqs, method="exact", method_options=None)').codes).toEqual([]);
  });

  it('dict literals parse across lines and print back as Python', () => {
    const parsed = parseExpression("{'a': 1,\n 'b': [2, 3], }", { mode: 'python' });
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.expr === undefined ? '' : printSource(parsed.expr)).toBe("{'a': 1, 'b': [2, 3]}");
    expect(parseExpression("{'a' 1}", { mode: 'python' }).diagnostics[0]?.code).toBe('SF2002');
    expect(parseExpression('{1: 2}').diagnostics.length).toBeGreaterThan(0); // not in model expressions
  });
});
