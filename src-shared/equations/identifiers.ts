/**
 * Brian2's identifier rules for names defined in equations (BRIAN2_SEMANTICS.md §2): each
 * rejection carries its own reason so the user learns why the name is taken.
 */
import { builtinFunctionNames, lookupConstant } from '../expressions';
import { isUnitName } from '../units';

const PYTHON_KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else',
  'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
  'return', 'try', 'while', 'with', 'yield',
]);

const RESERVED: Readonly<Record<string, string>> = {
  t: '"t" is reserved for the current time',
  dt: '"dt" is reserved for the time step',
  t_in_timesteps: '"t_in_timesteps" is reserved for the current time step',
  xi: '"xi" is reserved for white noise',
  i: '"i" is reserved for the neuron index',
  j: '"j" is reserved for the postsynaptic index',
  N: '"N" is reserved for the number of neurons',
  not_refractory: '"not_refractory" is reserved for refractoriness',
  refractory: '"refractory" is reserved for refractoriness',
  refractory_until: '"refractory_until" is reserved for refractoriness',
};

/** Why `name` cannot be defined in equations, or undefined when it can. */
export function checkIdentifier(name: string): string | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return 'identifiers are letters, digits and underscores, not starting with a digit';
  if (name.startsWith('_')) return 'names starting with "_" are reserved for internal use';
  if (PYTHON_KEYWORDS.has(name)) return `"${name}" is a Python keyword`;
  const reserved = RESERVED[name];
  if (reserved !== undefined) return reserved;
  if (name.startsWith('xi_')) return `"${name}" is reserved for white noise terms`;
  if (isUnitName(name)) return `"${name}" is the name of a unit`;
  if (builtinFunctionNames().includes(name)) return `"${name}" is the name of a built-in function`;
  if (lookupConstant(name) !== undefined) return `"${name}" is the name of a built-in constant`;
  return undefined;
}
