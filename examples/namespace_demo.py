# SpikeForge example: external constants. The equations use names they do not define
# (El, gL, C, I0); Brian2 takes them from the script when run() is called, and so does SpikeForge.
# This is a Brian2 script: it runs unchanged under Brian2 (python3 namespace_demo.py).
from brian2 import *

El = -65*mV           # resting potential
gL = 10*nS            # leak conductance
C = 200*pF            # membrane capacitance
I0 = 0.15*nA          # constant input current
tau_m = C / gL        # a derived constant: 20 ms

eqs = '''
dv/dt = (gL*(El - v) + I0) / C : volt
'''
cells = NeuronGroup(10, eqs, method='euler', name='cells')
cells.v = El
trace = StateMonitor(cells, 'v', record=range(0, 10, 3))

run(5*tau_m)
