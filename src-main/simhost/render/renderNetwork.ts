/**
 * Renders a network's C++ translation unit and JS module from the templates in templates/.
 * The only nunjucks importer. The namespace hash is the hash of the rendered source: the
 * templates are rendered once with a placeholder, hashed, and the placeholder replaced, so equal
 * models give equal text, equal hashes and a cache hit.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import nunjucks from 'nunjucks';
import { toEntryPointName, toNamespaceName, type NetworkCodeContext } from '../../../src-shared/codegen';

const HASH_PLACEHOLDER = 'HASHPLACEHOLDER0';

/** A rendered network. */
export interface RenderedNetwork {
  readonly cppSource: string;
  readonly jsSource: string;
  readonly namespace: string;
  /** 16 hex digits shared by the namespace and the entry-point prefix. */
  readonly hash16: string;
  /** `sf_<hash16>`: prefix of every exported entry point. */
  readonly prefix: string;
  /** C++ line (1-based) → model span, from the `// model@S-E` comments. */
  readonly lineMap: readonly { readonly line: number; readonly start: number; readonly end: number }[];
  readonly renderMs: number;
}

/** Every template file; the sim host compiles them all while idle. */
export const TEMPLATE_NAMES: readonly string[] = [
  ...['network', 'stateupdate', 'threshold', 'generator', 'reset', 'init', 'regular', 'events', 'synapses', 'poissoninput', 'statemonitor', 'spikemonitor', 'block'].flatMap((name) => [`${name}.cpp.njk`, `${name}.js.njk`]),
  // C++ only: the fused state update + threshold pass (the JS tier calls the two functions).
  'updatethreshold.cpp.njk',
];

/** The C++ element type of a host array. */
export function cppElementType(dtype: NetworkCodeContext['arrays'][number]['dtype']): string {
  return dtype === 'float64' ? 'double' : dtype === 'int32' ? 'int' : 'unsigned char';
}

/** The template environment the rest of the sim host passes around without importing nunjucks. */
export type TemplateEnvironment = nunjucks.Environment;

/** A nunjucks environment over a template folder, configured as ARCHITECTURE.md §7 requires. */
export function createTemplateEnvironment(templatesDir: string): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader([join(templatesDir, 'cpp'), join(templatesDir, 'js')], { noCache: false });
  return new nunjucks.Environment(loader, { autoescape: false, throwOnUndefined: true, trimBlocks: true, lstripBlocks: true });
}

/**
 * Compiles every template now (nunjucks otherwise compiles on first render, ~40 ms), so the sim
 * host can do it while idle after start-up instead of inside the user's first build.
 */
export function precompileTemplates(env: nunjucks.Environment, templateNames: readonly string[]): void {
  for (const name of templateNames) env.getTemplate(name, true);
}

function toView(context: NetworkCodeContext, namespace: string, prefix: string): object {
  // Every code object receives every host array (the compiler drops what it does not use), each
  // followed by ", " so that the status pointer can always follow. Host arrays never overlap, so
  // every pointer is __restrict: without it g++ -O2 keeps per-element loops scalar (it will not
  // version them for aliasing); with it they vectorise — with the same bits, since each element
  // is computed by the same operations.
  const paramDecl = context.arrays.map((a) => `${cppElementType(a.dtype)}* __restrict ${a.name}, `).join('');
  const paramCall = context.arrays.map((a) => `${a.name}, `).join('');
  const monitors = context.monitors.map((m) => {
    const group = context.groups.find((g) => g.name === m.source);
    const allIndices = group !== undefined && m.indices.length === group.N && m.indices.every((idx, k) => idx === k);
    return { ...m, allIndices, variableNames: m.variables.map((v) => v.name).join(', ') };
  });
  return {
    ...context,
    namespace,
    prefix,
    factoryName: `${namespace}_factory`,
    paramDecl,
    paramCall,
    monitors,
    allMonitors: [...monitors, ...context.spikeMonitors],
  };
}

function extractLineMap(source: string): { line: number; start: number; end: number }[] {
  const map: { line: number; start: number; end: number }[] = [];
  source.split('\n').forEach((text, k) => {
    const match = /\/\/ model@(\d+)-(\d+)/.exec(text);
    if (match !== null) map.push({ line: k + 1, start: Number(match[1]), end: Number(match[2]) });
  });
  return map;
}

/** Renders the C++ and JS of a network. Template errors are bugs (the context is typed). */
export function renderNetwork(env: nunjucks.Environment, context: NetworkCodeContext): RenderedNetwork {
  const started = performance.now();
  const placeholderNamespace = toNamespaceName(context.networkName, HASH_PLACEHOLDER);
  const placeholderPrefix = toEntryPointName(HASH_PLACEHOLDER, '').replace(/_$/, '');
  const view = toView(context, placeholderNamespace, placeholderPrefix);
  const cppDraft = env.render('network.cpp.njk', view);
  const jsDraft = env.render('network.js.njk', view);
  const hash16 = createHash('sha256').update(cppDraft).update('\0').update(jsDraft).digest('hex').slice(0, 16);
  const cppSource = cppDraft.split(HASH_PLACEHOLDER).join(hash16);
  const jsSource = jsDraft.split(HASH_PLACEHOLDER).join(hash16);
  return {
    cppSource,
    jsSource,
    namespace: toNamespaceName(context.networkName, hash16),
    hash16,
    prefix: `sf_${hash16}`,
    lineMap: extractLineMap(cppSource),
    renderMs: performance.now() - started,
  };
}
