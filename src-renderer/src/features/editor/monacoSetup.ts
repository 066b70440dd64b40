/**
 * Monaco, offline (UI.md §6): the ESM editor API bundled by Vite (no CDN, no loader), only the
 * basic languages used (Python for the Brian2 script, C++ and JavaScript for generated code), and
 * the one editor worker through Vite's `?worker`. `editor.api` alone has no editor features, so
 * the ones an editor needs are imported by name (icons, hovers for markers, find, F8 to the next
 * problem, folding, …) rather than all of them. Importing this module only registers those
 * contributions; nothing is created until {@link setUpMonaco} runs.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/readOnlyMessage/register';
import 'monaco-editor/features/suggest/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/languages/definitions/cpp/register';
import 'monaco-editor/languages/definitions/javascript/register';
import 'monaco-editor/languages/definitions/python/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

/** The theme all SpikeForge editors use. */
export const SPIKEFORGE_THEME = 'spikeforge-dark';

let ready = false;

/** Installs the worker factory and the theme; safe to call more than once. */
export function setUpMonaco(): typeof monaco {
  if (ready) return monaco;
  ready = true;
  self.MonacoEnvironment = { getWorker: () => new EditorWorker() };
  monaco.editor.defineTheme(SPIKEFORGE_THEME, {
    base: 'vs-dark',
    inherit: true,
    rules: [],
    colors: { 'editor.background': '#1b1d21', 'editorGutter.background': '#1b1d21' },
  });
  return monaco;
}

export { monaco };
