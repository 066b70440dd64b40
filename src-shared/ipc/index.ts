/** The IPC contract, results and schemas shared by every transport. */
export * from './ipcResult';
export * from './contract';
export * from './simHostProtocol';
