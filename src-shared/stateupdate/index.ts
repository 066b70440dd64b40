/** State updaters: integration methods turning equations into abstract code. */
export * from './method';
export * from './integrationProblem';
export * from './inlineSubexpressions';
export * from './symbolic';
export * from './formatAbstractCode';
export * from './euler';
export * from './rk2';
export * from './rk4';
export * from './heun';
export * from './milstein';
export * from './exponentialEuler';
export * from './exact';
export * from './methodTable';
export * from './integrateGroup';
