/**
 * The main window (UI.md §4): title bar with Run and Stop, a run toolbar (live progress; continue,
 * store and restore), model editor left with the problems list under it, tabs right (Charts,
 * Generated code, Inspector, Build), status bar at the bottom.
 */
import { useRef } from 'react';
import { Tabs } from './components/Tabs';
import { CodeView } from './features/codeview/CodeView';
import { ModelEditor, type EditorHandle } from './features/editor/ModelEditor';
import { ProblemsList } from './features/editor/ProblemsList';
import { InspectorPanel } from './features/inspector/InspectorPanel';
import { ChartPanel } from './features/plots/ChartPanel';
import { BuildPanel } from './features/run/BuildPanel';
import { RunButton } from './features/run/RunButton';
import { RunProgressView } from './features/run/RunProgressView';
import { StateControls } from './features/run/StateControls';
import { StatusBar } from './features/run/StatusBar';
import { StopButton } from './features/run/StopButton';
import { useStore } from './state/createStore';
import type { Workbench } from './state/workbench';

/** Props of {@link App}. */
export interface AppProps {
  readonly workbench: Workbench;
  readonly transportKind: string;
}

/** The whole UI. */
export function App({ workbench, transportKind }: AppProps): React.JSX.Element {
  const editorRef = useRef<EditorHandle | null>(null);
  const startup = useStore(workbench.startup);
  const model = useStore(workbench.model);
  const crash = useStore(workbench.crash);
  const title = startup.info?.quickStart.fileName === model.fileName ? startup.info.quickStart.title : model.fileName;
  return (
    <div className="app">
      <header className="title-bar">
        <span className="app-name">
          Spike<strong>Forge</strong>
        </span>
        <span className="model-title">{title}</span>
        <span className="title-spacer" />
        <RunButton workbench={workbench} />
        <StopButton workbench={workbench} />
      </header>
      <div className="run-toolbar" data-testid="run-toolbar">
        <RunProgressView workbench={workbench} />
        <StateControls workbench={workbench} />
      </div>
      {crash !== undefined && (
        <div className="crash-banner" role="alert">
          Simulation crashed ({crash.signal}): {crash.message.replace(/\.$/, '')}. The simulation host was restarted; your model is unchanged.
        </div>
      )}
      <main className="workspace">
        <div className="editor-column">
          <ModelEditor workbench={workbench} handleRef={editorRef} />
          <ProblemsList workbench={workbench} onSelect={(offset) => editorRef.current?.revealOffset(offset)} />
        </div>
        <div className="side-column">
          <Tabs
            label="Views"
            tabs={[
              { id: 'charts', label: 'Charts', content: <ChartPanel workbench={workbench} /> },
              { id: 'code', label: 'Generated code', content: <CodeView workbench={workbench} /> },
              { id: 'inspector', label: 'Inspector', content: <InspectorPanel workbench={workbench} /> },
              { id: 'build', label: 'Build', content: <BuildPanel workbench={workbench} /> },
            ]}
          />
        </div>
      </main>
      <StatusBar workbench={workbench} transportKind={transportKind} />
    </div>
  );
}
