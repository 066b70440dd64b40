/**
 * Network-level checks over the model IR: group sizes, dt, equations of every group, monitor
 * variables and record indices. Produces the checked model that state updaters and code
 * generation consume, or every diagnostic found.
 */
import { makeDiagnostic, toResult, type Diagnostic, type Result } from '../diagnostics';
import { checkEquations, parseEquations, type EquationDef, type Equations } from '../equations';
import type { ModelIR, NeuronGroupIR, StateMonitorIR } from './modelIR';

/** A stored per-neuron variable of a group (state variable or parameter). */
export interface StateVariable {
  readonly name: string;
  readonly def: EquationDef;
}

export interface CheckedGroup {
  readonly ir: NeuronGroupIR;
  readonly equations: Equations;
  /** Differential variables and parameters, in definition order: one host array each. */
  readonly variables: readonly StateVariable[];
}

export interface CheckedMonitor {
  readonly ir: StateMonitorIR;
  readonly group: CheckedGroup;
  readonly indices: readonly number[];
}

export interface CheckedModel {
  readonly ir: ModelIR;
  readonly groups: readonly CheckedGroup[];
  readonly monitors: readonly CheckedMonitor[];
}

/** Whether a name can be used as a network/object name (it becomes part of C++ identifiers). */
export function checkObjectName(name: string): string | undefined {
  if (name === '') return 'the name is empty';
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) return 'use letters, digits and "_", starting with a letter';
  if (name.length > 48) return 'the name is longer than 48 characters';
  return undefined;
}

/**
 * Integration methods a group may name (Brian2's, `linear` = `exact`). Whether a method can
 * integrate the equations is decided by the state updaters (`stateupdate/`); the name is checked
 * here so an editor reports a typo at once.
 */
export const KNOWN_METHOD_NAMES: readonly string[] = ['exact', 'linear', 'exponential_euler', 'euler', 'rk2', 'rk4', 'heun', 'milstein'];

function checkMethodField(group: NeuronGroupIR, diagnostics: Diagnostic[]): void {
  const trimmed = group.method.trim();
  if (trimmed === '' || trimmed === 'auto') return;
  for (const name of trimmed.split(/[,|]/).map((s) => s.trim())) {
    if (!KNOWN_METHOD_NAMES.includes(name)) {
      const hint = name.startsWith('gsl') ? ': the GSL methods are not in SpikeForge v1' : `; known methods: ${KNOWN_METHOD_NAMES.join(', ')}`;
      diagnostics.push(makeDiagnostic('SF5001', { method: name, reason: hint }, group.methodSpan ?? group.span));
    }
  }
}

function checkGroup(group: NeuronGroupIR, diagnostics: Diagnostic[]): CheckedGroup {
  if (!Number.isInteger(group.N) || group.N <= 0) {
    diagnostics.push(makeDiagnostic('SF4001', { value: String(group.N) }, group.nSpan ?? group.span));
  }
  const nameProblem = checkObjectName(group.name);
  if (nameProblem !== undefined) diagnostics.push(makeDiagnostic('SF4005', { name: group.name, reason: nameProblem }, group.span));
  checkMethodField(group, diagnostics);
  const parsed = parseEquations(group.equations, {
    offset: group.equationsOffset,
    ...(group.defaultUnit === undefined ? {} : { defaultUnit: group.defaultUnit }),
  });
  diagnostics.push(...parsed.diagnostics);
  if (parsed.diagnostics.length === 0) diagnostics.push(...checkEquations(parsed.equations, group.namespace, group.name));
  const variables = parsed.equations.definitions.filter((d) => d.kind !== 'subexpression').map((def) => ({ name: def.name, def }));
  for (const init of group.initial) {
    const target = variables.find((v) => v.name === init.variable);
    if (target === undefined) {
      diagnostics.push(makeDiagnostic('SF4006', { name: init.variable, group: group.name }, init.span ?? group.span));
    } else if (typeof init.value !== 'number' && init.value.length !== group.N) {
      diagnostics.push(makeDiagnostic('SF4007', { name: init.variable, expected: group.N, actual: init.value.length }, init.span ?? group.span));
    }
  }
  return { ir: group, equations: parsed.equations, variables };
}

function checkMonitor(monitor: StateMonitorIR, groups: readonly CheckedGroup[], diagnostics: Diagnostic[]): CheckedMonitor | undefined {
  const group = groups.find((g) => g.ir.name === monitor.source);
  if (group === undefined) {
    diagnostics.push(makeDiagnostic('SF4010', { name: monitor.source }, monitor.span));
    return undefined;
  }
  for (const variable of monitor.variables) {
    if (!group.variables.some((v) => v.name === variable)) {
      diagnostics.push(makeDiagnostic('SF4003', { name: variable, group: group.ir.name }, monitor.variablesSpan ?? monitor.span, [
        `variables of ${group.ir.name}: ${group.variables.map((v) => v.name).join(', ') || '(none)'}`,
      ]));
    }
  }
  const N = group.ir.N;
  const indices = monitor.record === true ? Array.from({ length: Math.max(0, N) }, (_, k) => k) : [...monitor.record];
  if (monitor.record !== true) {
    monitor.record.forEach((index, k) => {
      if (!Number.isInteger(index) || index < 0 || index >= N) {
        diagnostics.push(makeDiagnostic('SF4002', { index: String(index), size: N, max: N - 1 }, monitor.recordSpans?.[k] ?? monitor.span));
      }
    });
  }
  return { ir: monitor, group, indices };
}

/** Checks a whole model. */
export function checkModel(ir: ModelIR): Result<CheckedModel> {
  const diagnostics: Diagnostic[] = [];
  const nameProblem = checkObjectName(ir.name);
  if (nameProblem !== undefined) diagnostics.push(makeDiagnostic('SF4005', { name: ir.name, reason: nameProblem }));
  if (!(ir.dt > 0) || !Number.isFinite(ir.dt)) diagnostics.push(makeDiagnostic('SF4004', { value: String(ir.dt) }, ir.dtSpan));
  if (!(ir.duration >= 0) || !Number.isFinite(ir.duration)) diagnostics.push(makeDiagnostic('SF4008', { value: String(ir.duration) }));
  const groups = ir.groups.map((g) => checkGroup(g, diagnostics));
  const monitors = ir.monitors.flatMap((m) => checkMonitor(m, groups, diagnostics) ?? []);
  return toResult({ ir, groups, monitors }, diagnostics);
}
