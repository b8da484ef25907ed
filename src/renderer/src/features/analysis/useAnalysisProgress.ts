import { useEffect, useState } from 'react';
import { getBridge } from '../../api/bridge';
import type { EventMap } from '../../../../shared/contract';

export interface LiveProgress {
  readonly runId: string;
  readonly stage: string;
  readonly percent: number;
}

/**
 * The running analysis as the core pushes it (`analysis.progress`), and the outcome of the last run
 * that ended while this screen was open (`analysis.done`).
 */
export function useAnalysisProgress(): {
  progress: LiveProgress | null;
  lastDone: EventMap['analysis.done'] | null;
} {
  const [progress, setProgress] = useState<LiveProgress | null>(null);
  const [lastDone, setLastDone] = useState<EventMap['analysis.done'] | null>(null);
  useEffect(() => {
    const bridge = getBridge();
    if (!bridge) return undefined;
    const offProgress = bridge.on('analysis.progress', (p) =>
      setProgress({ runId: p.runId, stage: p.stage, percent: p.total > 0 ? (100 * p.done) / p.total : 0 }),
    );
    const offDone = bridge.on('analysis.done', (done) => {
      setProgress(null);
      setLastDone(done);
    });
    return () => {
      offProgress();
      offDone();
    };
  }, []);
  return { progress, lastDone };
}
