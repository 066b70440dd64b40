/**
 * Tabs whose panels stay mounted: Monaco editors and Plotly graphs keep their state (and their
 * WebGL context) while hidden, and resize themselves when shown again.
 */
import { useState, type ReactNode } from 'react';

/** One tab. */
export interface TabDefinition {
  readonly id: string;
  readonly label: string;
  readonly content: ReactNode;
}

/** Props of {@link Tabs}. */
export interface TabsProps {
  readonly tabs: readonly TabDefinition[];
  readonly initial?: string;
  readonly label: string;
}

/** A tab strip with its panels. */
export function Tabs({ tabs, initial, label }: TabsProps): React.JSX.Element {
  const [active, setActive] = useState(initial ?? tabs[0]?.id ?? '');
  return (
    <div className="tabs">
      <div className="tab-strip" role="tablist" aria-label={label}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`tab-${tab.id}`}
            aria-selected={tab.id === active}
            aria-controls={`panel-${tab.id}`}
            className={tab.id === active ? 'tab active' : 'tab'}
            data-testid={`tab-${tab.id}`}
            onClick={() => setActive(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {tabs.map((tab) => (
        <div key={tab.id} role="tabpanel" id={`panel-${tab.id}`} aria-labelledby={`tab-${tab.id}`} className="tab-panel" hidden={tab.id !== active}>
          {tab.content}
        </div>
      ))}
    </div>
  );
}
