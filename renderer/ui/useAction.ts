// Runs a store action from a control and shows its error in the notice line, so no failure is
// silent. Layer: renderer.
import { useCallback } from 'react';
import { useApp } from '../store';
import { ShownBesideField } from './refusals';

export function useAction() {
  const showNotice = useApp((s) => s.showNotice);
  return useCallback(
    async (action: () => Promise<unknown>): Promise<boolean> => {
      try {
        await action();
        return true;
      } catch (error) {
        if (!(error instanceof ShownBesideField))
          showNotice('error', error instanceof Error ? error.message : String(error));
        return false;
      }
    },
    [showNotice],
  );
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
