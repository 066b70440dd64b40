/**
 * Vite's `?raw` imports of non-script files in tests (templates, goldens), read as text without
 * Node's `fs` (src-shared has no Node types). `*.py?raw` is declared in script/rawText.d.ts.
 */
declare module '*.njk?raw' {
  const text: string;
  export default text;
}

declare module '*.txt?raw' {
  const text: string;
  export default text;
}
