/**
 * Vite's `?raw` imports, which tests use to read example scripts as text without Node's `fs`
 * (src-shared has no Node types).
 */
declare module '*.py?raw' {
  const text: string;
  export default text;
}
