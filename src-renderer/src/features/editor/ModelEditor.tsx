/**
 * The model editor: a small own wrapper around `monaco.editor.create` (no @monaco-editor/react,
 * which loads Monaco from a CDN). The text goes to the workbench on every edit; diagnostics come
 * back as markers whenever a check or build replaces them.
 */
import { useEffect, useRef, type MutableRefObject } from 'react';
import type { Diagnostic } from '../../../../src-shared/diagnostics';
import type { Workbench } from '../../state/workbench';
import { setUpMonaco, SPIKEFORGE_THEME } from './monacoSetup';
import { toMarkers } from './toMarkers';

/** What other components may ask of the editor. */
export interface EditorHandle {
  /** Moves the cursor to a text offset, scrolls it into view and focuses the editor. */
  revealOffset(offset: number): void;
}

/** Props of {@link ModelEditor}. */
export interface ModelEditorProps {
  readonly workbench: Workbench;
  readonly handleRef: MutableRefObject<EditorHandle | null>;
}

/** The Brian2 script editor (Python highlighting). */
export function ModelEditor({ workbench, handleRef }: ModelEditorProps): React.JSX.Element {
  const containerRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const container = containerRef.current;
    if (container === null) return undefined;
    const monaco = setUpMonaco();
    const initial = workbench.model.get();
    const editor = monaco.editor.create(container, {
      value: initial.text,
      language: 'python',
      theme: SPIKEFORGE_THEME,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      lineHeight: 20,
      tabSize: 4,
      insertSpaces: true,
      scrollBeyondLastLine: false,
      fixedOverflowWidgets: true,
      renderLineHighlight: 'line',
      padding: { top: 8 },
    });
    const textModel = editor.getModel();
    let revision = initial.revision;
    let markedDiagnostics: readonly Diagnostic[] | undefined;

    const applyMarkers = (): void => {
      const { diagnostics } = workbench.model.get();
      if (textModel === null || diagnostics === markedDiagnostics) return;
      markedDiagnostics = diagnostics;
      // NOTE: setModelMarkers copies the plain marker objects; MarkerData matches IMarkerData.
      monaco.editor.setModelMarkers(textModel, 'spikeforge', toMarkers(diagnostics, textModel.getValue()));
    };
    const onEdit = editor.onDidChangeModelContent(() => workbench.editText(editor.getValue()));
    const unsubscribe = workbench.model.subscribe(() => {
      const state = workbench.model.get();
      if (state.revision !== revision) {
        revision = state.revision;
        if (editor.getValue() !== state.text) editor.setValue(state.text);
      }
      applyMarkers();
    });
    applyMarkers();
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => void workbench.runModel());

    handleRef.current = {
      revealOffset(offset) {
        if (textModel === null) return;
        const position = textModel.getPositionAt(offset);
        editor.setPosition(position);
        editor.revealPositionInCenterIfOutsideViewport(position);
        editor.focus();
      },
    };
    return () => {
      handleRef.current = null;
      onEdit.dispose();
      unsubscribe();
      editor.dispose(); // also disposes the model it created from `value`
    };
  }, [workbench, handleRef]);

  return <div className="model-editor" data-testid="model-editor" ref={containerRef} />;
}
