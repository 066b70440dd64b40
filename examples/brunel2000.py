# Brunel (2000), Fig. 8: sparsely connected excitatory and inhibitory LIF neurons driven by
# external Poisson input. Panel C (g = 5, nu_ext/nu_thr = 2): asynchronous irregular, ~36 Hz.
# Change g and nu_ext_over_nu_thr for the other panels: A (3, 2) synchronous regular, B (6, 4)
# synchronous irregular with a fast oscillation, D (4.5, 0.9) synchronous irregular, slow.
from brian2 import *

N_E = 10000
N_I = 2500
N = N_E + N_I
tau = 20*ms
theta = 20*mV
V_r = 10*mV
tau_rp = 2*ms
J = 0.1*mV
D = 1.5*ms
epsilon = 0.1
C_E = epsilon*N_E
C_ext = int(C_E)
nu_thr = theta/(J*C_E*tau)

g = 5
nu_ext_over_nu_thr = 2

neurons = NeuronGroup(N, 'dv/dt = -v/tau : volt (unless refractory)', threshold='v > theta', reset='v = V_r', refractory=tau_rp, method='exact')
exc_synapses = Synapses(neurons, neurons, on_pre='v += J', delay=D)
exc_synapses.connect('i < N_E', p=epsilon)
inh_synapses = Synapses(neurons, neurons, on_pre='v += -g*J', delay=D)
inh_synapses.connect('i >= N_E', p=epsilon)
external = PoissonInput(neurons, 'v', C_ext, nu_ext_over_nu_thr*nu_thr, weight=J)

rate_monitor = PopulationRateMonitor(neurons)
spike_monitor = SpikeMonitor(neurons)

run(1*second)

subplot(211)
plot(spike_monitor.t/ms, spike_monitor.i, '|')
subplot(212)
plot(rate_monitor.t/ms, rate_monitor.smooth_rate(width=1*ms)/Hz)
show()
