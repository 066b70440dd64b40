/** The model IR and its network-level checks. */
export * from './modelIR';
export * from './checkModel';
