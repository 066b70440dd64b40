/**
 * The one catalogue of diagnostic codes. Codes are `SF` + 4 digits by stage
 * (1xxx units, 2xxx expressions, 3xxx equations, 4xxx model, 5xxx stateupdate, 6xxx codegen,
 * 7xxx jit, 8xxx runtime). A retired code is never reused: mark it `retired` instead of deleting.
 * Messages are templates with `{name}` placeholders filled by `makeDiagnostic`.
 */
import type { Diagnostic, Severity } from './diagnostic';
import type { SourceSpan } from './sourceSpan';

interface CatalogueEntry {
  readonly severity: Severity;
  readonly template: string;
}

/** Every diagnostic SpikeForge can report. */
export const DIAGNOSTIC_CATALOGUE = {
  // 1xxx units
  SF1001: { severity: 'error', template: 'Unknown unit "{name}".' },
  SF1002: { severity: 'error', template: 'Dimension mismatch in {context}: {left} and {right}.' },
  SF1003: { severity: 'error', template: 'The unit after ":" must be a base unit: write "{suggestion}" instead of "{name}".' },
  SF1004: { severity: 'error', template: 'Invalid unit expression: {detail}.' },
  SF1005: { severity: 'error', template: 'Expected {expected} for "{name}", got {actual}.' },
  SF1006: { severity: 'error', template: 'Inconsistent units in {context}: {left} is {leftUnit} but {right} is {rightUnit}.' },
  // 2xxx expressions
  SF2001: { severity: 'error', template: 'Unexpected character "{char}".' },
  SF2002: { severity: 'error', template: 'Syntax error: expected {expected}, found {found}.' },
  SF2003: { severity: 'error', template: 'Unknown function "{name}".' },
  SF2004: { severity: 'error', template: 'Function "{name}" takes {expected} argument(s), got {actual}.' },
  SF2005: { severity: 'error', template: 'Unterminated string.' },
  SF2006: { severity: 'error', template: 'Invalid number "{text}".' },
  SF2007: { severity: 'error', template: '"{text}" is not supported in model expressions: {reason}.' },
  SF2008: { severity: 'error', template: 'Statement operator "{op}" is not supported; use =, +=, -=, *=, /= or %=.' },
  SF2009: { severity: 'error', template: 'The expression is nested too deeply: more than {limit} levels of {what}.' },
  SF2010: { severity: 'error', template: 'The expression is too long: more than {limit} tokens.' },
  // 3xxx equations
  SF3001: { severity: 'error', template: 'Cannot parse equation line: {detail}.' },
  SF3002: { severity: 'error', template: 'Unknown identifier "{name}" in {context}.' },
  SF3003: { severity: 'error', template: 'Variable "{name}" is defined more than once.' },
  SF3004: { severity: 'error', template: '"{name}" cannot be used as a variable name: {reason}.' },
  SF3005: { severity: 'error', template: 'Unknown flag "{flag}".' },
  SF3006: { severity: 'error', template: 'The equations define no variables.' },
  SF3007: { severity: 'warning', template: '"{name}" shadows the {kind} of the same name; the model variable wins.' },
  SF3008: { severity: 'error', template: '"{name}" is defined by a differential equation, so its type cannot be "{type}": write a unit such as "volt" or "1".' },
  SF3009: { severity: 'error', template: 'Cannot replace "{name}" in the equations: {reason}.' },
  SF3010: { severity: 'info', template: 'The synaptic equation for "{name}" does not say whether it is integrated at every time step (clock-driven) or only at spikes (event-driven): it is integrated at every time step, as in Brian2. Flag it (clock-driven) to silence this message, or (event-driven) if it only matters at spikes.' },
  SF3011: { severity: 'error', template: 'The {what} "{name}" must not depend on the event-driven variable "{other}"{via}.' },
  // 4xxx model
  SF4001: { severity: 'error', template: 'The number of neurons must be a positive integer, got {value}.' },
  SF4002: { severity: 'error', template: 'Record index {index} is out of range: the group has {size} neurons (valid: 0 to {max}).' },
  SF4003: { severity: 'error', template: 'StateMonitor variable "{name}" is not a variable of {group}.' },
  SF4004: { severity: 'error', template: 'dt must be a positive time, got {value}.' },
  SF4005: { severity: 'error', template: 'Network name "{name}" is invalid: {reason}.' },
  SF4006: { severity: 'error', template: '"{name}" is not a state variable of {group}.' },
  SF4007: { severity: 'error', template: 'Value for "{name}" must have length {expected}, got {actual}.' },
  SF4008: { severity: 'error', template: 'The duration must be a non-negative time, got {value}.' },
  SF4009: { severity: 'error', template: 'Unsupported in the script: {what}.' },
  SF4010: { severity: 'error', template: 'Unknown name "{name}" in the script.' },
  SF4011: { severity: 'error', template: 'Wrong argument for {callee}: {detail}.' },
  SF4012: { severity: 'error', template: 'Object "{name}" already belongs to network "{network}".' },
  SF4013: { severity: 'info', template: '{count} line(s) that plot, print or analyse recordings are skipped: SpikeForge plots the monitors itself.' },
  SF4014: { severity: 'info', template: 'Ignored: {what}.' },
  SF4015: { severity: 'error', template: 'Two objects are named "{name}": Brian2 object names must be unique.' },
  SF4016: { severity: 'error', template: 'The threshold of {group} must be a boolean condition, but "{code}" is {what}.' },
  SF4017: { severity: 'error', template: 'The refractory period of {group} must be a time or a boolean condition, but "{code}" is {what}.' },
  SF4018: { severity: 'error', template: 'Cannot assign to "{name}" in {context}: {reason}.' },
  SF4019: { severity: 'error', template: '{monitor} records the spikes of {group}, which has no threshold.' },
  SF4020: { severity: 'warning', template: '{group} has a threshold but neither a reset nor a refractory period: a neuron above threshold spikes at every step.' },
  SF4021: { severity: 'error', template: '{context} uses the event "{event}", which {group} does not define ({known}).' },
  SF4022: { severity: 'error', template: 'The condition of event "{event}" of {group} must be a boolean condition, but "{code}" is {what}.' },
  // 5xxx stateupdate
  SF5001: { severity: 'error', template: 'Integration method "{method}" is not available{reason}.' },
  SF5002: { severity: 'error', template: 'Method "{method}" cannot integrate {equation} of {group}: {reason}.' },
  SF5003: { severity: 'error', template: 'No integration method accepts the equations of {group} (tried {methods}).' },
  SF5004: { severity: 'info', template: '{group} is integrated with method "{method}"{rejected}.' },
  SF5005: { severity: 'warning', template: 'method_options of {owner} are ignored: the method is chosen automatically (Brian2 ignores them too); name the method with method=…' },
  SF5006: { severity: 'error', template: "method_options specifies '{key}', but {available}." },
  SF5007: { severity: 'error', template: "The method option '{key}' must be {expected}, got {found}." },
  // 6xxx codegen
  SF6001: { severity: 'error', template: 'Cannot generate code for {what}: {reason}.' },
  // 7xxx jit
  SF7001: { severity: 'error', template: 'The C++ compiler failed: {message}' },
  SF7002: { severity: 'warning', template: 'Native compiler not found: running in JS mode, about 2× slower.' },
  SF7003: { severity: 'error', template: 'Loading the compiled library failed: {message}' },
  // 8xxx runtime
  SF8001: { severity: 'error', template: 'The simulation host crashed ({signal}) {where}.' },
  SF8002: { severity: 'error', template: 'Unknown network "{name}".' },
  SF8003: { severity: 'error', template: 'Unknown array "{name}" in network "{network}".' },
  SF8004: { severity: 'error', template: 'Unknown snapshot "{id}".' },
  SF8005: { severity: 'error', template: 'The simulation host failed: {message}' },
  SF8006: { severity: 'error', template: 'Invalid request: {detail}' },
  SF8007: { severity: 'error', template: 'The simulation host was killed with {signal} (watchdog: no progress for {seconds} s) {where}.' },
} as const satisfies Record<string, CatalogueEntry>;

/** A code from the catalogue. */
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CATALOGUE;

/** Fills `{name}` placeholders; a placeholder without a value stays visible so the bug is seen. */
function fillTemplate(template: string, args: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = args[key];
    return value === undefined ? whole : String(value);
  });
}

/** Builds a diagnostic from the catalogue. */
export function makeDiagnostic(
  code: DiagnosticCode,
  args: Readonly<Record<string, string | number>>,
  span?: SourceSpan,
  notes?: readonly string[],
): Diagnostic {
  const entry: CatalogueEntry = DIAGNOSTIC_CATALOGUE[code];
  const base = { code, severity: entry.severity, message: fillTemplate(entry.template, args) };
  return {
    ...base,
    ...(span === undefined ? {} : { span }),
    ...(notes === undefined || notes.length === 0 ? {} : { notes }),
  };
}
