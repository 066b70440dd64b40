/** State updaters: integration methods turning equations into abstract code. */
export * from './euler';
