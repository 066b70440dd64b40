# COBA network (Vogels & Abbott 2005, Brette et al. 2007 benchmark 1), as in Brian2's examples:
# 4000 LIF neurons with conductance-based exponential synapses, 80 % excitatory. About 23 Hz.
from brian2 import *

taum = 20*ms
taue = 5*ms
taui = 10*ms
Vt = -50*mV
Vr = -60*mV
El = -60*mV
Erev_exc = 0.*mV
Erev_inh = -80.*mV
I = 20. * mvolt

eqs = '''
dv/dt  = (ge*(Erev_exc-v)+gi*(Erev_inh-v)-(v-El) + I)*(1./taum) : volt (unless refractory)
dge/dt = -ge/taue : 1
dgi/dt = -gi/taui : 1
'''

P = NeuronGroup(4000, eqs, threshold='v>Vt', reset='v = Vr', refractory=5*ms, method='euler')
we = 6./10.  # excitatory synaptic weight (voltage)
wi = 67./10.  # inhibitory synaptic weight
Ce = Synapses(P, P, on_pre='ge += we')
Ci = Synapses(P, P, on_pre='gi += wi')
Ce.connect('i<3200', p=0.02)
Ci.connect('i>=3200', p=0.02)
P.v = '(randn() * 5. - 55.) * mV'
P.ge = 0
P.gi = 0

s_mon = SpikeMonitor(P)

run(1 * second)

plot(s_mon.t/ms, s_mon.i, ',k')
xlabel('Time (ms)')
ylabel('Neuron index')
show()
