/**
 * Renderer entry: connect to the backend (Electron bridge or web-host socket), create the stores,
 * render, then load the start-up model.
 */
import './bootstrap/configureZod';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { setUpMonaco } from './features/editor/monacoSetup';
import { connectClient } from './ipc/client';
import { createWorkbench } from './state/workbench';
import './styles.css';
import './panels.css';
import './runControls.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
setUpMonaco();
const { api, transportKind } = connectClient();
const workbench = createWorkbench(api);
createRoot(root).render(<App workbench={workbench} transportKind={transportKind} />);
void workbench.start();
