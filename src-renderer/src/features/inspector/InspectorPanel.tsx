/**
 * The Inspector tab (ARCHITECTURE.md §9, UI.md §1): the sim host's loaded libraries and
 * namespaces, the symbol-conflict check, and one array's statistics and first values. Simple views
 * over the contract's `scanNamespaces`, `checkConflicts` and `inspectArray`; their results are
 * small, so they live in component state.
 */
import { useState } from 'react';
import type { ArrayReport, ConflictReport, IpcResult, NamespaceScan } from '../../../../src-shared/ipc';
import { useStore } from '../../state/createStore';
import type { Workbench } from '../../state/workbench';

type Loaded<T> = { readonly status: 'idle' } | { readonly status: 'loading' } | { readonly status: 'done'; readonly result: IpcResult<T> };

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 1e4 || (value !== 0 && Math.abs(value) < 1e-3) ? value.toExponential(4) : value.toPrecision(6).replace(/\.?0+$/, '');
}

function Failure({ result }: { readonly result: IpcResult<unknown> }): React.JSX.Element | null {
  if (result.ok) return null;
  return <p className="inspector-error">{result.diagnostics.map((d) => d.message).join(' ')}</p>;
}

function useLoader<T>(): [Loaded<T>, (load: () => Promise<IpcResult<T>>) => void] {
  const [state, setState] = useState<Loaded<T>>({ status: 'idle' });
  const run = (load: () => Promise<IpcResult<T>>): void => {
    setState({ status: 'loading' });
    void load().then((result) => setState({ status: 'done', result }));
  };
  return [state, run];
}

function NamespaceTable({ scan }: { readonly scan: NamespaceScan }): React.JSX.Element {
  if (scan.namespaces.length === 0) return <p className="empty-note">No library is loaded yet: run a model first.</p>;
  return (
    <table className="inspector-table">
      <thead>
        <tr>
          <th>Network</th>
          <th>Namespace</th>
          <th>Library</th>
          <th>Symbols</th>
          <th>Arrays</th>
          <th>Refs</th>
        </tr>
      </thead>
      <tbody>
        {scan.namespaces.map((ns) => (
          <tr key={`${ns.library}-${ns.namespace}`}>
            <td>{ns.networkName}</td>
            <td>
              <code>{ns.namespace}</code>
            </td>
            <td title={ns.library}>{baseName(ns.library)}</td>
            <td title={ns.symbols.join('\n')}>{ns.symbols.length}</td>
            <td title={ns.arrays.join('\n')}>{ns.arrays.length}</td>
            <td>{ns.refcount}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ConflictList({ report }: { readonly report: ConflictReport }): React.JSX.Element {
  if (report.conflicts.length === 0) return <p className="ok-note">{report.checked} symbols checked: no conflicts.</p>;
  return (
    <ul className="conflict-list">
      {report.conflicts.map((conflict) => (
        <li key={`${conflict.kind}-${conflict.name}`}>
          <code>{conflict.name}</code> <span className="conflict-kind">{conflict.kind}</span> in {conflict.where.join(', ')}
        </li>
      ))}
    </ul>
  );
}

function ArrayStats({ report }: { readonly report: ArrayReport }): React.JSX.Element {
  const facts: [string, string][] = [
    ['dtype', report.dtype],
    ['length', `${report.length} (capacity ${report.capacity})`],
    ['unit', report.unit],
    ['bytes', String(report.bytes)],
    ['address', report.address ?? '– (JS tier)'],
    ['min', formatNumber(report.min)],
    ['max', formatNumber(report.max)],
    ['mean', formatNumber(report.mean)],
    ['std', formatNumber(report.std)],
    ['NaN / Inf', `${report.nanCount} / ${report.infCount}`],
  ];
  return (
    <div className="array-report">
      <dl className="array-facts" data-array={report.name} data-length={report.length}>
        {facts.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="array-slice">
        [{report.sliceStart}…{report.sliceStart + report.slice.length}) {report.slice.map(formatNumber).join(', ')}
      </p>
    </div>
  );
}

/** The inspector views. */
export function InspectorPanel({ workbench }: { readonly workbench: Workbench }): React.JSX.Element {
  const { info } = useStore(workbench.build);
  const [scan, loadScan] = useLoader<NamespaceScan>();
  const [conflicts, loadConflicts] = useLoader<ConflictReport>();
  const [array, loadArray] = useLoader<ArrayReport>();
  const [arrayName, setArrayName] = useState('');
  const knownArrays = scan.status === 'done' && scan.result.ok ? scan.result.value.namespaces.filter((ns) => info === undefined || ns.namespace === info.namespace).flatMap((ns) => ns.arrays) : [];
  const api = workbench.api;

  return (
    <div className="inspector" data-testid="inspector">
      <section>
        <header className="section-header">
          <h3>Loaded namespaces</h3>
          <button type="button" onClick={() => loadScan(() => api.scanNamespaces())} disabled={scan.status === 'loading'}>
            Scan
          </button>
        </header>
        {scan.status === 'done' && (scan.result.ok ? <NamespaceTable scan={scan.result.value} /> : <Failure result={scan.result} />)}
      </section>
      <section>
        <header className="section-header">
          <h3>Symbol conflicts</h3>
          <button type="button" onClick={() => loadConflicts(() => api.checkConflicts({}))} disabled={conflicts.status === 'loading'}>
            Check
          </button>
        </header>
        {conflicts.status === 'done' && (conflicts.result.ok ? <ConflictList report={conflicts.result.value} /> : <Failure result={conflicts.result} />)}
      </section>
      <section>
        <header className="section-header">
          <h3>Array</h3>
        </header>
        <form
          className="array-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (info !== undefined && arrayName !== '') loadArray(() => api.inspectArray({ networkId: info.networkId, array: arrayName, slice: { start: 0, end: 20 } }));
          }}
        >
          <input list="known-arrays" value={arrayName} placeholder={info === undefined ? 'run the model first' : 'array name, e.g. _array_neurons_v'} onChange={(event) => setArrayName(event.target.value)} aria-label="Array name" />
          <datalist id="known-arrays">
            {knownArrays.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
          <button type="submit" disabled={info === undefined || arrayName === '' || array.status === 'loading'}>
            Inspect
          </button>
        </form>
        {array.status === 'done' && (array.result.ok ? <ArrayStats report={array.result.value} /> : <Failure result={array.result} />)}
      </section>
    </div>
  );
}
