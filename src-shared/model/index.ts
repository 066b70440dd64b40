/** The model IR and its network-level checks. */
export * from './modelIR';
export * from './checkModel';
export * from './checkEvents';
export * from './abstractCode';
export * from './checkSynapses';
export * from './checkInputs';
export * from './runSteps';
