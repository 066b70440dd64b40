/** Code generation: symbol names, expression printers and the network template context. */
export * from './symbolNames';
export * from './printExpression';
export * from './networkCode';
export * from './support/mathKernels';
export * from './support/philox';
