#!/usr/bin/env node
// `npm run bench:lang`: how long the language front end takes on a realistic 200-line model.
// Builds a model text (Hodgkin–Huxley-style populations with synaptic conductances: differential
// equations, subexpressions, parameters, units, flags and comments), then parses it
// (parseEquations) and checks it (checkEquations) many times, and prints the median and p95 in
// milliseconds. Target: median < 5 ms. Runs the TypeScript sources through tsx, like
// scripts/example.mjs. Options: --runs N (default 400), --json.
import { register } from 'tsx/esm/api';

register();
const { parseEquations, checkEquations } = await import('../src-shared/equations/index.ts');
const { scanExpression } = await import('../src-shared/expressions/index.ts');
const { lookupUnit } = await import('../src-shared/units/index.ts');

const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(args[runsArg + 1]) : 400;
const WARMUP = 50;

/** One population: 10 lines of equations and 2 of comments. */
function population(k) {
  return `# population ${k}: Hodgkin-Huxley neurons with conductance-based synapses
dv_${k}/dt = (gl*(El - v_${k}) - g_na*(m_${k}*m_${k}*m_${k})*h_${k}*(v_${k} - ENa) - g_kd*(n_${k}**4)*(v_${k} - EK) + ge_${k}*(Ee - v_${k}) + gi_${k}*(Ei - v_${k}) + I_${k})/Cm : volt (unless refractory)
dm_${k}/dt = 0.32*(mV**-1)*4*mV/exprel((13*mV - v_${k} + VT)/(4*mV))/ms*(1 - m_${k}) - 0.28*(mV**-1)*5*mV/exprel((v_${k} - VT - 40*mV)/(5*mV))/ms*m_${k} : 1
dh_${k}/dt = 0.128*exp((17*mV - v_${k} + VT)/(18*mV))/ms*(1 - h_${k}) - 4/(1 + exp((40*mV - v_${k} + VT)/(5*mV)))/ms*h_${k} : 1
dn_${k}/dt = alpha_n_${k}*(1 - n_${k}) - beta_n_${k}*n_${k} : 1  # potassium activation
alpha_n_${k} = 0.032*(mV**-1)*5*mV/exprel((15*mV - v_${k} + VT)/(5*mV))/ms : Hz
beta_n_${k} = .5*exp((10*mV - v_${k} + VT)/(40*mV))/ms : Hz
dge_${k}/dt = -ge_${k}/taue + sigma*sqrt(2/taue)*xi_${k}*nS : siemens
dgi_${k}/dt = -gi_${k}/taui : siemens
I_${k} = clip(I0_${k} + 0.1*nA*sin(2*pi*f_${k}*t), -1*nA, 1*nA) : amp
I0_${k} : amp (constant)
f_${k} : Hz (shared)
`;
}

const text = Array.from({ length: 17 }, (_, k) => population(k)).join('') + '# end of model\n';
const lines = text.split('\n').filter((l) => l.trim() !== '').length;

const namespace = {};
const add = (name, value, unit) => {
  const u = lookupUnit(unit);
  namespace[name] = { value: value * u.value, dim: u.dim };
};
for (const [name, value, unit] of [
  ['gl', 10, 'nS'], ['El', -60, 'mV'], ['g_na', 20, 'uS'], ['ENa', 50, 'mV'], ['g_kd', 6, 'uS'], ['EK', -90, 'mV'], ['Ee', 0, 'mV'],
  ['Ei', -80, 'mV'], ['Cm', 200, 'pF'], ['VT', -63, 'mV'], ['taue', 5, 'ms'], ['taui', 10, 'ms'],
]) add(name, value, unit);
namespace.sigma = { value: 0.5, dim: [0, 0, 0, 0, 0, 0, 0] };
// Units used in the text join the namespace, as checkModel does for a group.
for (const token of scanExpression(text, { newlines: true }).tokens) {
  if (token.kind !== 'name' || namespace[token.text] !== undefined) continue;
  const u = lookupUnit(token.text);
  if (u !== undefined) namespace[token.text] = { value: u.value, dim: u.dim };
}

function once() {
  const t0 = performance.now();
  const parsed = parseEquations(text);
  const t1 = performance.now();
  const diagnostics = checkEquations(parsed.equations, namespace, 'neurons');
  const t2 = performance.now();
  return { parse: t1 - t0, check: t2 - t1, total: t2 - t0, definitions: parsed.equations.definitions.length, diagnostics: [...parsed.diagnostics, ...diagnostics] };
}

const first = once();
if (first.diagnostics.length > 0) {
  console.error(`The benchmark model has ${first.diagnostics.length} diagnostic(s), e.g. ${first.diagnostics[0].code} ${first.diagnostics[0].message}`);
  process.exit(1);
}
for (let k = 0; k < WARMUP; k++) once();
const samples = [];
for (let k = 0; k < RUNS; k++) samples.push(once());

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const stats = (key) => ({ median: quantile(samples.map((s) => s[key]), 0.5), p95: quantile(samples.map((s) => s[key]), 0.95) });
const total = stats('total');
const result = { lines, characters: text.length, definitions: first.definitions, runs: RUNS, total, parse: stats('parse'), check: stats('check') };

if (args.includes('--json')) console.log(JSON.stringify(result));
else {
  const f = (x) => x.toFixed(2);
  console.log(`language front end: ${lines}-line model (${text.length} characters, ${first.definitions} definitions), ${RUNS} runs after ${WARMUP} warm-up`);
  console.log(`  parse + check: median ${f(total.median)} ms, p95 ${f(total.p95)} ms   (target: median < 5 ms)`);
  console.log(`  parse:         median ${f(result.parse.median)} ms, p95 ${f(result.parse.p95)} ms`);
  console.log(`  check:         median ${f(result.check.median)} ms, p95 ${f(result.check.p95)} ms`);
}
process.exitCode = total.median < 5 ? 0 : 1;
