# SpikeForge Quick Start: 100 leaky integrators driven by a constant input.
# This is a Brian2 script: it runs unchanged under Brian2 (python3 quickstart.py).
from brian2 import *

tau = 10*ms        # membrane time constant
I = 1              # constant drive (dimensionless)
defaultclock.dt = 0.1*ms

eqs = '''
dv/dt = (-v + I) / tau : 1
'''
neurons = NeuronGroup(100, eqs, method='euler')
neurons.v = 0
monitor = StateMonitor(neurons, 'v', record=[0, 50, 99])

run(100*ms)
