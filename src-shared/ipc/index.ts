/** The IPC contract, results, schemas and framing shared by every transport. */
export * from './ipcResult';
export * from './contract';
export * from './simHostProtocol';
export * from './schemas';
export * from './framing';
