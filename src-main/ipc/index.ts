/** Serving the contract and the renderer from the main side: handlers, Electron IPC wiring, CSP, files. */
export * from './contentSecurityPolicy';
export * from './dispatchRequest';
export * from './registerHandlers';
export * from './rendererFiles';
