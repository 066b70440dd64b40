/**
 * The generated code of the last build, read-only (UI.md §6): the C++ translation unit by default,
 * the JavaScript module on the second tab, each in its own Monaco model. On a new build the C++ view
 * scrolls to the network's namespace, the part the inspector talks about.
 */
import { useEffect, useRef, useState } from 'react';
import { useStore } from '../../state/createStore';
import type { Workbench } from '../../state/workbench';
import { setUpMonaco, SPIKEFORGE_THEME } from '../editor/monacoSetup';

type CodeLanguage = 'cpp' | 'javascript';

interface CodeEditor {
  show(language: CodeLanguage, cpp: string, js: string): void;
  dispose(): void;
}

function createCodeEditor(container: HTMLElement): CodeEditor {
  const monaco = setUpMonaco();
  const models = { cpp: monaco.editor.createModel('', 'cpp'), javascript: monaco.editor.createModel('', 'javascript') };
  const editor = monaco.editor.create(container, {
    model: models.cpp,
    readOnly: true,
    domReadOnly: true,
    theme: SPIKEFORGE_THEME,
    automaticLayout: true,
    minimap: { enabled: true },
    fontSize: 12,
    lineHeight: 18,
    scrollBeyondLastLine: false,
    renderLineHighlight: 'none',
  });
  return {
    show(language, cpp, js) {
      const changed = models.cpp.getValue() !== cpp;
      if (changed) models.cpp.setValue(cpp);
      if (models.javascript.getValue() !== js) models.javascript.setValue(js);
      if (editor.getModel() !== models[language]) editor.setModel(models[language]);
      if (changed && language === 'cpp') {
        const match = models.cpp.findNextMatch('namespace sf_', { lineNumber: 1, column: 1 }, false, true, null, false);
        if (match !== null) editor.revealLineNearTop(match.range.startLineNumber);
      }
    },
    dispose() {
      editor.dispose();
      models.cpp.dispose();
      models.javascript.dispose();
    },
  };
}

/** The generated C++ / JavaScript view. */
export function CodeView({ workbench }: { readonly workbench: Workbench }): React.JSX.Element {
  const { info } = useStore(workbench.build);
  const [language, setLanguage] = useState<CodeLanguage>('cpp');
  const containerRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<CodeEditor | null>(null);

  useEffect(() => {
    if (containerRef.current === null) return undefined;
    const editor = createCodeEditor(containerRef.current);
    editorRef.current = editor;
    return () => {
      editorRef.current = null;
      editor.dispose();
    };
  }, []);

  useEffect(() => {
    editorRef.current?.show(language, info?.cppSource ?? '', info?.jsSource ?? '');
  }, [info, language]);

  return (
    <div className="code-view">
      <div className="toolbar">
        <div className="segmented" role="tablist" aria-label="Generated language">
          {(['cpp', 'javascript'] as const).map((lang) => (
            <button key={lang} type="button" role="tab" aria-selected={language === lang} className={language === lang ? 'active' : ''} onClick={() => setLanguage(lang)}>
              {lang === 'cpp' ? 'C++' : 'JavaScript'}
            </button>
          ))}
        </div>
        {info !== undefined && (
          <span className="build-facts">
            <code>{info.namespace}</code> · codegen {info.timings.codegenMs.toFixed(1)} ms ·{' '}
            {info.tier === 'native' ? `native tier, ${info.cacheHit ? 'cache hit' : `compiled in ${info.timings.compileMs.toFixed(0)} ms`}` : 'JS tier (no native library)'}
          </span>
        )}
      </div>
      <div className="code-editor-frame">
        <div className="code-editor" data-testid="cpp-view" data-language={language} ref={containerRef} />
        {info === undefined && <p className="overlay-note">Run the model to see the C++ and JavaScript generated from it.</p>}
      </div>
    </div>
  );
}
