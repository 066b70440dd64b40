/**
 * A minimal external store (UI.md §5): state lives in plain TypeScript outside React; components
 * subscribe with `useSyncExternalStore`. Stores decide, React renders.
 */
import { useSyncExternalStore } from 'react';

/** A value with change notification. */
export interface Store<T> {
  readonly get: () => T;
  /** Replaces the value (or derives it from the current one) and notifies if it changed. */
  readonly set: (next: T | ((current: T) => T)) => void;
  readonly subscribe: (listener: () => void) => () => void;
}

/** Creates a store holding `initial`. */
export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set: (next) => {
      const resolved = typeof next === 'function' ? (next as (current: T) => T)(value) : next;
      if (Object.is(resolved, value)) return;
      value = resolved;
      for (const listener of [...listeners]) listener();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/** Reads a store in a component and re-renders when it changes. */
export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
