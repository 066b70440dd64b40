/** Diagnostics: spans, diagnostic values, the code catalogue, results and rendering. */
export * from './sourceSpan';
export * from './diagnostic';
export * from './result';
export * from './catalogue';
export * from './formatDiagnostic';
export * from './abbreviate';
