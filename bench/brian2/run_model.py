# Brian2 side of `npm run bench` (scripts/bench/): runs one SpikeForge example script under
# Brian 2 with a prelude (device/target, private cache or build folder, seed) and an epilogue
# (timed run(), spike counts, synaptic events, peak RSS), and prints one JSON line starting with
# "BENCH_RESULT ". The script text is the one SpikeForge runs (scripts/bench/models.ts applies the
# same size/duration edits to both sides); everything after its run() line (plots) is dropped.
#
#   /usr/bin/python3 bench/brian2/run_model.py config.json
#
# config.json: {"model": path, "target": "cython"|"numpy"|"cpp_standalone", "cacheDir": path,
#   "buildDir": path, "seed": int, "activity": monitor variable, "synapses": [[synapses variable, spike monitor of its source]],
#   "param": {"name": "taum", "factor": 1.1} (optional: change it, run again in this process),
#   "weights": {"synapses": "S", "max": "gmax"} (optional: w/gmax statistics)}
# Times are wall-clock seconds since the epoch (time.time()), so that the caller can subtract
# its own spawn time: the "process start" of time to first result is the caller's spawn.
import time

T_PROCESS = time.time()
import json
import re
import resource
import sys

config = json.load(open(sys.argv[1]))
source = open(config['model']).read()

lines = source.split('\n')
run_line = next((k for k, line in enumerate(lines) if re.match(r'^run\(', line)), None)
if run_line is None:
    sys.exit('bench: the model script has no top-level run(...) line')
setup_code = '\n'.join(lines[:run_line])
run_code = lines[run_line]

T_IMPORT0 = time.time()
from brian2 import *  # noqa: E402,F401,F403  (the scripts expect the star import)
import brian2  # noqa: E402
import numpy as np  # noqa: E402

T_IMPORT1 = time.time()
target = config['target']
if target == 'cpp_standalone':
    set_device('cpp_standalone', directory=config['buildDir'], build_on_run=True)
    # The simulation runs in the standalone binary: wrap it to get that process's peak RSS.
    rss_file = config['buildDir'] + '/binary_rss.txt'
    prefs.devices.cpp_standalone.run_cmd_unix = ['/usr/bin/time', '-f', '%M', '-o', rss_file, './main']
else:
    prefs.codegen.target = target
    prefs.codegen.runtime.cython.cache_dir = config['cacheDir']
    prefs.codegen.runtime.cython.multiprocess_safe = False
prefs.logging.file_log = False
seed(config.get('seed', 4242))

namespace = {}
exec('from brian2 import *', namespace)
# The scripts' own `from brian2 import *` runs again inside; cheap once imported.
exec(compile(setup_code, config['model'], 'exec'), namespace)
T_SETUP = time.time()
exec(run_code, namespace)
T_RUN = time.time()


def spike_total(monitor):
    return int(namespace[monitor].num_spikes)


def synaptic_events():
    """Sum over spikes of the spiking neuron's out-degree, per Synapses object."""
    total = 0
    for syn_name, monitor_name in config.get('synapses', []):
        syn = namespace[syn_name]
        counts = np.asarray(namespace[monitor_name].count[:], dtype=np.int64)
        out_degree = np.bincount(np.asarray(syn.i[:]), minlength=len(counts)).astype(np.int64)
        total += int(np.dot(out_degree, counts[: len(out_degree)]))
    return total


def synapse_count():
    return int(sum(len(namespace[s].i[:]) for s, _ in config.get('synapses', [])))


result = {
    'target': target,
    'tProcess': T_PROCESS,
    'importS': T_IMPORT1 - T_IMPORT0,
    'setupS': T_SETUP - T_IMPORT1,
    'runCallS': T_RUN - T_SETUP,
    'loopS': float(device._last_run_time),
    'tFirstResult': None,
    'spikes': spike_total(config['activity']),
    'synapses': synapse_count(),
    'events': synaptic_events(),
    'versions': {'brian2': brian2.__version__, 'numpy': np.__version__, 'python': sys.version.split()[0]},
}
if target == 'cpp_standalone':
    timers = device.timers
    result['makeS'] = timers['compile'].get('make')
    result['binaryS'] = timers['run_binary']
    result['binaryPeakRssMB'] = int(open(rss_file).read().split()[-1]) / 1024
else:
    try:
        import Cython
        result['versions']['cython'] = Cython.__version__
    except ImportError:
        pass
weights = config.get('weights')
if weights is not None:
    w = np.asarray(namespace[weights['synapses']].w[:]) / float(namespace[weights['max']])
    result['weights'] = {'below01': float(np.mean(w < 0.1)), 'above09': float(np.mean(w > 0.9)), 'mean': float(np.mean(w))}
result['tFirstResult'] = time.time()

param = config.get('param')
if param is not None and target != 'cpp_standalone':
    # A parameter change in the same process: new value, same objects, run again (Brian
    # regenerates the code objects; sympy re-derives the integrator).
    before = spike_total(config['activity'])
    t0 = time.time()
    namespace[param['name']] = namespace[param['name']] * param['factor']
    exec(run_code, namespace)
    result['paramChangeS'] = time.time() - t0
    result['paramChangeSpikes'] = spike_total(config['activity']) - before

# Peak RSS of this process and of its waited-for children (the compiler, the standalone binary).
result['peakRssMB'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
result['peakRssChildrenMB'] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print('BENCH_RESULT ' + json.dumps(result), flush=True)
