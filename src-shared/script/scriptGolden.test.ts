import { describe, expect, it } from 'vitest';
import { formatDiagnostics } from '../diagnostics';
import { readScript } from './readScript';

/**
 * Rendered diagnostics of broken scripts, compared with `__golden__/<name>.txt`. To accept a
 * change: `npx vitest run --project shared src-shared/script -u`, then review the diff like code.
 */
const BROKEN_SCRIPTS: Readonly<Record<string, string>> = {
  units_and_names: `from brian2 import *
tau = 10*ms + 1*mV    # a time plus a voltage
Vt = -50*mV
Vr = Vreset           # never defined
w = 2**(1*mV)
`,
  unsupported_objects: `from brian2 import *
import numpy as np
eqs = '''
dv/dt = (El - v)/taum : volt
'''
El = -60*mV; taum = 20*ms
P = NeuronGroup(4000, eqs, threshold='v>-50*mV', reset='v = -60*mV', refractory=5*ms)
Ce = Synapses(P, P, on_pre='v += 1*mV')
Ce.connect(p=0.02)
P.v = 'El + rand()*10*mV'
P.v = np.random.rand(4000)*mV
spikes = SpikeMonitor(P)
probe = SpatialNeuron(morphology=None, model=eqs)
run(1*second)
`,
  arguments_and_run: `from brian2 import *
defaultclock.dt = 1*mV
eqs = 'dv/dt = -v/(10*ms) : 1'
G = NeuronGroup(10, eqs, methd='euler')
H = NeuronGroup(10, eqs, name='G')
M = StateMonitor(G, 'v')
G.v = 1*mV
run(100)
`,
  syntax_errors: `from brian2 import *
tau = (10*ms
x = 1
eqs = '''
dv/dt = -v/tau : 1
'''
G = NeuronGroup(10, eqs, namespace={'tau', tau})
y = 3 $ 4
if x > 0:
    z = 1
`,
  plotting_after_run: `from brian2 import *
import matplotlib.pyplot as plt
G = NeuronGroup(3, 'dv/dt = -v/(10*ms) : 1')
G.v = [0.1, 0.2, 0.3]
M = StateMonitor(G, 'v', record=True)
run(20*ms)
plt.figure()
for k in range(3):
    plt.plot(M.t/ms, M.v[k])
xlabel('Time (ms)'); ylabel('v')
show()
`,
};

describe('rendered script diagnostics (golden)', () => {
  for (const [name, text] of Object.entries(BROKEN_SCRIPTS)) {
    it(name, async () => {
      const { diagnostics } = readScript(text);
      await expect(`${formatDiagnostics(diagnostics, text, `${name}.py`)}\n`).toMatchFileSnapshot(`./__golden__/${name}.txt`);
    });
  }
});
