import { useEffect, useRef } from 'react';
import { Badge, Button, Group, Tooltip } from '@mantine/core';
import { IconLock, IconLockOpen } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { invoke, useCommand } from '../../api/commands';
import { getBridge } from '../../api/bridge';
import { useOwnerAction } from './useOwnerAction';

/** User input counts as owner activity, reported at most this often. */
const ACTIVITY_THROTTLE_MS = 30_000;

/**
 * The header's staff/owner badge: "lock now" in owner mode, "owner mode" (PIN) in staff mode.
 * While in owner mode it reports keyboard and pointer activity, so owner mode ends only after real
 * inactivity, and re-reads the status so the badge drops back when the idle timeout passes.
 */
export function OwnerModeIndicator(): React.JSX.Element {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const status = useCommand('auth.status', {}, { refetchInterval: 15_000 });
  const owner = useOwnerAction();
  const isOwner = status.data?.role === 'owner';
  const lastReport = useRef(0);

  useEffect(() => {
    const bridge = getBridge();
    if (!bridge) return undefined;
    return bridge.on('session.changed', () => void queryClient.invalidateQueries());
  }, [queryClient]);

  useEffect(() => {
    if (!isOwner) return undefined;
    const report = (): void => {
      const now = Date.now();
      if (now - lastReport.current < ACTIVITY_THROTTLE_MS) return;
      lastReport.current = now;
      void invoke('auth.activity', {}).then((next) => {
        if (next.role !== 'owner') void queryClient.invalidateQueries();
      });
    };
    window.addEventListener('keydown', report);
    window.addEventListener('pointerdown', report);
    return () => {
      window.removeEventListener('keydown', report);
      window.removeEventListener('pointerdown', report);
    };
  }, [isOwner, queryClient]);

  const minutes = Math.round((status.data?.idleTimeoutMs ?? 300_000) / 60_000);
  return (
    <Group gap={6} wrap="nowrap">
      <Tooltip label={t('auth.ownerModeHint', { minutes })} disabled={!isOwner}>
        <Badge variant="light" color={isOwner ? 'orange' : 'teal'} data-testid="role-badge">
          {isOwner ? t('auth.ownerMode') : t('auth.staffMode')}
        </Badge>
      </Tooltip>
      {isOwner ? (
        <Button
          size="compact-sm"
          variant="subtle"
          color="orange"
          leftSection={<IconLock size={14} />}
          onClick={() => void invoke('auth.lock', {}).then(() => queryClient.invalidateQueries())}
          data-testid="lock-now"
        >
          {t('auth.lockNow')}
        </Button>
      ) : (
        <Button
          size="compact-sm"
          variant="subtle"
          color="gray"
          leftSection={<IconLockOpen size={14} />}
          onClick={() => void owner.unlock()}
          data-testid="unlock-owner"
        >
          {t('auth.unlock')}
        </Button>
      )}
      {owner.dialog}
    </Group>
  );
}
