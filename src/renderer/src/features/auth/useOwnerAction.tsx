import { useCallback, useRef, useState } from 'react';
import { CommandError } from '../../api/commands';
import { OwnerPinDialog } from './OwnerPinDialog';

export interface OwnerAction {
  /**
   * Runs `action`; when the core answers `forbidden` (staff mode), asks for the owner PIN and runs
   * it again once unlocked. Resolves to undefined if the user cancels the PIN dialog. The role is
   * enforced in main — this only makes the refusal pleasant.
   */
  run<T>(action: () => Promise<T>): Promise<T | undefined>;
  /** Opens the PIN dialog directly; true once owner mode is on. */
  unlock(): Promise<boolean>;
  /** Render this once in the component that uses the hook. */
  readonly dialog: React.JSX.Element;
}

export function isForbidden(error: unknown): boolean {
  return error instanceof CommandError && error.code === 'forbidden';
}

export function useOwnerAction(): OwnerAction {
  const [opened, setOpened] = useState(false);
  const pending = useRef<((unlocked: boolean) => void) | null>(null);

  const askForPin = useCallback(
    () =>
      new Promise<boolean>((resolve) => {
        pending.current = resolve;
        setOpened(true);
      }),
    [],
  );

  const settle = (unlocked: boolean): void => {
    setOpened(false);
    pending.current?.(unlocked);
    pending.current = null;
  };

  const run = useCallback(
    async <T,>(action: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await action();
      } catch (error) {
        if (!isForbidden(error)) throw error;
        if (!(await askForPin())) return undefined;
        return action();
      }
    },
    [askForPin],
  );

  return {
    run,
    unlock: askForPin,
    dialog: <OwnerPinDialog opened={opened} onUnlocked={() => settle(true)} onCancel={() => settle(false)} />,
  };
}
