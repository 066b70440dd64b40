/** Equations: parse Brian2 equation strings and check them against a group's names. */
export * from './equation';
export * from './identifiers';
export * from './parseEquations';
export * from './checkEquations';
export * from './substituteEquations';
