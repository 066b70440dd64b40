/** The TypeScript API: Brian2's objects, building the model IR. Running: src-main/cli/api.ts. */
export * from './objects';
export * from './toModelIR';
