/**
 * What a name means in a Brian2 script before the script defines it: Brian2's exports (objects,
 * units, constants, plus the numpy and pylab names that `from brian2 import *` also brings in),
 * Python built-ins and the names of plotting modules. The tables decide how each is treated —
 * evaluated, skipped as plotting, ignored with a note, or rejected as not yet supported — so the
 * policy is visible in one place instead of spread over the evaluator.
 */
import { lookupConstant } from '../expressions';
import { lookupUnit } from '../units';
import { toNumberValue, toQuantityValue, type BuiltinName, type ModuleFamily, type ScriptValue } from './scriptValue';

const BRIAN2_BUILTINS: readonly BuiltinName[] = ['NeuronGroup', 'StateMonitor', 'SpikeMonitor', 'EventMonitor', 'Synapses', 'PoissonGroup', 'SpikeGeneratorGroup', 'PoissonInput', 'PopulationRateMonitor', 'TimedArray', 'seed', 'Network', 'run', 'collect', 'start_scope', 'Equations', 'defaultclock', 'prefs'];
const PYTHON_BUILTINS: readonly BuiltinName[] = ['range', 'int', 'float', 'abs', 'round', 'min', 'max', 'len', 'dict'];
/** numpy functions (through the star import) the reader evaluates on constants. */
const NUMPY_MATH: readonly BuiltinName[] = ['sqrt', 'exp', 'log', 'abs'];

/** Brian2 objects SpikeForge cannot run yet: using one is an error naming it. */
const BRIAN2_UNSUPPORTED = [
  'NetworkOperation', 'network_operation', 'SpatialNeuron', 'Morphology', 'Soma', 'Cylinder', 'Section',
  'Clock', 'EventClock', 'store', 'restore', 'Subgroup', 'Function', 'implementation', 'check_units', 'Quantity', 'BinomialFunction',
  'stop', 'profiling_summary', 'scheduling_summary', 'magic_network', 'linked_var', 'Expression', 'get_device', 'run_regularly',
];

/** Brian2 settings that do not change what the model computes: calls and assignments are ignored with a note. */
const BRIAN2_IGNORED: Readonly<Record<string, string>> = {
  set_device: 'set_device() (SpikeForge compiles the model itself)',
  device: 'device settings (SpikeForge compiles the model itself)',
  BrianLogger: 'BrianLogger settings',
  get_logger: 'logger settings',
};

/** numpy names `from brian2 import *` makes visible (a common subset); not evaluated yet. */
const NUMPY_NAMES = [
  'array', 'asarray', 'arange', 'linspace', 'logspace', 'zeros', 'ones', 'empty', 'full', 'zeros_like', 'ones_like', 'random',
  'mean', 'std', 'var', 'sum', 'cumsum', 'prod', 'sin', 'cos', 'tan', 'arcsin', 'arccos', 'arctan', 'sinh', 'cosh', 'tanh',
  'log10', 'log2', 'log1p', 'expm1', 'floor', 'ceil', 'clip', 'sign', 'where', 'concatenate', 'hstack', 'vstack', 'stack',
  'reshape', 'diff', 'histogram', 'meshgrid', 'tile', 'repeat', 'argmax', 'argmin', 'amax', 'amin', 'nonzero', 'unique',
  'sort', 'argsort', 'isnan', 'isinf', 'dot', 'outer', 'power', 'square', 'cumprod', 'convolve', 'ndarray', 'newaxis', 'rand', 'randn',
];

/** pylab / matplotlib.pyplot functions: a call of one is skipped as a plotting line. */
const PLOTTING_NAMES = [
  'plot', 'xlabel', 'ylabel', 'title', 'legend', 'show', 'figure', 'subplot', 'subplots', 'xlim', 'ylim', 'axhline', 'axvline',
  'tight_layout', 'savefig', 'grid', 'hist', 'scatter', 'imshow', 'colorbar', 'errorbar', 'bar', 'text', 'semilogx', 'semilogy',
  'loglog', 'axis', 'xticks', 'yticks', 'suptitle', 'close', 'fill_between', 'clf', 'gca', 'gcf', 'annotate', 'pcolormesh',
  'contour', 'contourf', 'vlines', 'hlines', 'step', 'matshow', 'pause', 'ion', 'ioff', 'draw', 'twinx', 'brian_plot',
  'plot_raster', 'plot_state', 'plot_rate', 'plot_synapses', 'plot_morphology', 'rcParams', 'style',
];

/** Python built-ins that would run but mean nothing to a model (or need data SpikeForge does not evaluate). */
const PYTHON_UNSUPPORTED = ['list', 'tuple', 'set', 'str', 'sum', 'zip', 'enumerate', 'map', 'filter', 'open', 'input', 'sorted', 'reversed', 'isinstance', 'type', 'eval', 'exec', 'globals', 'locals', 'vars', 'format', 'repr', 'bool'];

/** Families of modules by the name they are imported under. */
export function moduleFamily(module: string): ModuleFamily {
  const root = module.split('.')[0] ?? module;
  if (root === 'brian2') return 'brian2';
  if (root === 'numpy' || root === 'scipy') return 'numpy';
  if (root === 'matplotlib' || root === 'pylab' || root === 'seaborn') return 'plotting';
  return 'other';
}

/** A numpy name: evaluated for the few math functions, otherwise not supported yet. */
export function lookupNumpyName(name: string, qualified: string): ScriptValue {
  if ((NUMPY_MATH as readonly string[]).includes(name)) return { kind: 'builtin', name: name as BuiltinName }; // membership checked
  if (name === 'pi' || name === 'e' || name === 'inf') return toNumberValue(lookupConstant(name) ?? Number.NaN, false);
  return { kind: 'unsupported', what: `numpy (${qualified})`, module: 'numpy' };
}

/** A Python built-in name, or undefined. */
export function lookupPythonBuiltin(name: string): ScriptValue | undefined {
  if ((PYTHON_BUILTINS as readonly string[]).includes(name)) return { kind: 'builtin', name: name as BuiltinName }; // membership checked
  if (name === 'print') return { kind: 'plotting' };
  if (PYTHON_UNSUPPORTED.includes(name)) return { kind: 'unsupported', what: `the Python function ${name}()` };
  return undefined;
}

/** Whether a name is one of the numpy names the reader knows (see `lookupNumpyName`). */
export function isNumpyName(name: string): boolean {
  return (NUMPY_MATH as readonly string[]).includes(name) || NUMPY_NAMES.includes(name) || name === 'pi' || name === 'e' || name === 'inf';
}

/** Whether a name is a plotting function of pylab / matplotlib.pyplot. */
export function isPlottingName(name: string): boolean {
  return PLOTTING_NAMES.includes(name);
}

/**
 * What `name` means after `from brian2 import *` (or as `brian2.name`): Brian2 objects, units,
 * constants, and the numpy and pylab names Brian2 re-exports. Undefined when Brian2 has no such name.
 */
export function lookupBrian2Name(name: string): ScriptValue | undefined {
  if ((BRIAN2_BUILTINS as readonly string[]).includes(name)) return { kind: 'builtin', name: name as BuiltinName }; // membership checked
  if (BRIAN2_UNSUPPORTED.includes(name)) return { kind: 'unsupported', what: `${name} (not supported by SpikeForge yet)` };
  const ignored = BRIAN2_IGNORED[name];
  if (ignored !== undefined) return { kind: 'ignored', what: ignored };
  const constant = lookupConstant(name);
  if (constant !== undefined) return toNumberValue(constant, false);
  // The star import exposes fewer units than model strings (no squares and cubes, fewer prefixes).
  const unit = lookupUnit(name, 'import');
  if (unit !== undefined) return toQuantityValue(unit.value, unit.dim);
  if (isPlottingName(name)) return { kind: 'plotting' };
  if (isNumpyName(name)) return lookupNumpyName(name, name);
  if (['units', 'core', 'groups', 'monitors', 'only', 'equations', 'numpy_'].includes(name)) return { kind: 'module', name: `brian2.${name}`, family: 'brian2' };
  return undefined;
}
