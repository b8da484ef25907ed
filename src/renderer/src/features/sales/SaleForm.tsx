import { useState } from 'react';
import {
  ActionIcon,
  Autocomplete,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useCommand, useCommandMutation } from '../../api/commands';
import { ErrorNotice } from '../../components/ErrorNotice';
import { inputToIso, nowForInput, useShopFormat } from '../card/format';
import { toMajor } from '../../../../shared/money';
import type { Purchase } from '../../../../shared/contract/sales';
import { DateTimeField } from '../../components/DateFields';

interface LineDraft {
  readonly key: number;
  product: string;
  quantity: number | string;
  amount: number | string;
}

const PAYMENTS = ['cash', 'card', 'wechat_pay', 'alipay', 'mobile_wallet', 'stored_value', 'other'] as const;
const CHANNELS = ['in_store', 'online', 'phone', 'delivery'] as const;

const asNumber = (value: number | string): number | null =>
  typeof value === 'number' ? value : value.trim() === '' ? null : Number(value);

export interface SaleFormProps {
  readonly customerId: string;
  readonly opened: boolean;
  readonly onClose: () => void;
  /** Edit this purchase instead of recording a new one. */
  readonly purchaseId?: string | null;
}

/** The sale form: everything is optional except an amount, and Enter saves from any field. */
export function SaleForm({ customerId, opened, onClose, purchaseId }: SaleFormProps): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t(purchaseId ? 'sales.editTitle' : 'sales.title')}
      size="lg"
    >
      {opened &&
        (purchaseId ? (
          <EditSale purchaseId={purchaseId} onDone={onClose} />
        ) : (
          <SaleFormBody customerId={customerId} onDone={onClose} />
        ))}
    </Modal>
  );
}

function EditSale({ purchaseId, onDone }: { purchaseId: string; onDone: () => void }): React.JSX.Element {
  const sale = useCommand('sales.get', { id: purchaseId });
  if (sale.isError) return <ErrorNotice error={sale.error} />;
  if (!sale.data) return <Loader size="sm" />;
  return <SaleFormBody customerId={sale.data.customerId} initial={sale.data} onDone={onDone} />;
}

function isoToInput(iso: string): string {
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function SaleFormBody({
  customerId,
  initial,
  onDone,
}: {
  customerId: string;
  initial?: Purchase;
  onDone: () => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const fmt = useShopFormat();
  const major = (minor: number): number => toMajor(Math.abs(minor), fmt.currency);
  const [when, setWhen] = useState(() => (initial ? isoToInput(initial.purchasedAt) : nowForInput()));
  const [lines, setLines] = useState<LineDraft[]>(() =>
    (initial?.lines ?? []).map((l, i) => ({
      key: i + 1,
      product: l.productName,
      quantity: l.quantity,
      amount: initial?.isReturn ? major(l.amountMinor) : toMajor(l.amountMinor, fmt.currency),
    })),
  );
  const [nextKey, setNextKey] = useState((initial?.lines.length ?? 0) + 1);
  // When the stored total is just the items minus the discount, leave it empty so it follows edits to the items.
  const totalFollowsLines =
    initial !== undefined &&
    initial.lines.length > 0 &&
    Math.abs(initial.lines.reduce((sum, l) => sum + l.amountMinor, 0)) - initial.discountMinor ===
      Math.abs(initial.totalMinor);
  const [total, setTotal] = useState<number | string>(
    initial && !totalFollowsLines
      ? initial.isReturn
        ? major(initial.totalMinor)
        : toMajor(initial.totalMinor, fmt.currency)
      : '',
  );
  const [discount, setDiscount] = useState<number | string>(
    initial?.discountMinor ? major(initial.discountMinor) : '',
  );
  const [isReturn, setIsReturn] = useState(initial?.isReturn ?? false);
  const [payment, setPayment] = useState<string | null>(initial ? initial.paymentMethod : null);
  const [channel, setChannel] = useState<string | null>(initial ? initial.channel : 'in_store');
  const [staff, setStaff] = useState(initial?.staff ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const products = useCommand('products.list', { limit: 500 });
  const info = useCommand('shop.info', {});
  const productNames = [...new Set((products.data ?? []).map((p) => p.name))];
  const onSaved = (sale: Purchase): void => {
    notifications.show({ color: 'teal', message: t('sales.saved', { total: fmt.money(sale.totalMinor) }) });
    onDone();
  };
  const record = useCommandMutation('sales.record', { onSuccess: onSaved });
  const update = useCommandMutation('sales.update', { onSuccess: onSaved });
  const remove = useCommandMutation('sales.delete', {
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('sales.deleted') });
      onDone();
    },
  });
  const saving = initial ? update : record;

  const lineMinor = lines.map((l) => {
    const amount = asNumber(l.amount);
    return amount === null || Number.isNaN(amount) ? null : fmt.toMinor(amount);
  });
  const discountMinor = fmt.toMinor(asNumber(discount) ?? 0);
  const computedMinor = lineMinor.reduce<number>((sum, v) => sum + (v ?? 0), 0) - discountMinor;

  const addLine = (): void => {
    setLines((current) => [...current, { key: nextKey, product: '', quantity: 1, amount: '' }]);
    setNextKey((k) => k + 1);
  };
  const updateLine = (key: number, patch: Partial<LineDraft>): void =>
    setLines((current) => current.map((l) => (l.key === key ? { ...l, ...patch } : l)));

  const submit = (event: React.FormEvent): void => {
    event.preventDefault();
    const filled = lines.flatMap((l, i) => {
      const amountMinor = lineMinor[i];
      if (!l.product.trim() || amountMinor === null || amountMinor === undefined) return [];
      return [{ productName: l.product.trim(), quantity: asNumber(l.quantity) ?? 1, amountMinor }];
    });
    const totalMajor = asNumber(total);
    if (filled.length === 0 && totalMajor === null) {
      setProblem(t('sales.needTotal'));
      return;
    }
    setProblem(null);
    const purchasedAt = inputToIso(when);
    const values = {
      lines: filled,
      discountMinor: Math.max(0, discountMinor),
      isReturn,
      ...(totalMajor !== null ? { totalMinor: fmt.toMinor(totalMajor) } : {}),
      ...(purchasedAt ? { purchasedAt } : {}),
      ...(payment ? { paymentMethod: payment } : {}),
      ...(channel ? { channel } : {}),
      ...(staff.trim() ? { staff: staff.trim() } : {}),
    };
    if (initial) update.mutate({ id: initial.id, ...values });
    else record.mutate({ customerId, ...values });
  };

  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <Group grow align="flex-start">
          <NumberInput
            label={t('sales.total')}
            data-autofocus
            value={total}
            onChange={setTotal}
            decimalScale={2}
            min={0}
            description={
              lines.length > 0 ? t('sales.totalHint', { value: fmt.money(computedMinor) }) : undefined
            }
          />
          <DateTimeField label={t('sales.when')} value={when} onChange={setWhen} />
        </Group>
        <Text size="sm" fw={500}>
          {t('sales.lines')}
        </Text>
        {lines.map((line, i) => (
          <Group key={line.key} gap="xs" wrap="nowrap" align="flex-end">
            <Autocomplete
              style={{ flex: 3 }}
              aria-label={t('sales.product', { n: i + 1 })}
              placeholder={t('sales.productPlaceholder')}
              data={productNames}
              limit={8}
              value={line.product}
              onChange={(value) => updateLine(line.key, { product: value })}
              description={
                line.product.trim() &&
                !productNames.some((n) => n.toLowerCase() === line.product.trim().toLowerCase())
                  ? t('sales.newProduct')
                  : undefined
              }
              inputWrapperOrder={['input', 'description']}
            />
            <NumberInput
              style={{ flex: 1 }}
              aria-label={t('sales.quantity', { n: i + 1 })}
              value={line.quantity}
              onChange={(value) => updateLine(line.key, { quantity: value })}
              min={0}
              decimalScale={3}
              hideControls
            />
            <NumberInput
              style={{ flex: 1.5 }}
              aria-label={t('sales.amount', { n: i + 1 })}
              value={line.amount}
              onChange={(value) => updateLine(line.key, { amount: value })}
              decimalScale={2}
              hideControls
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('sales.removeLine', { n: i + 1 })}
              onClick={() => setLines((current) => current.filter((l) => l.key !== line.key))}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} onClick={addLine}>
            {t('sales.addLine')}
          </Button>
        </Group>
        <Group grow align="flex-start">
          <NumberInput
            label={t('sales.discount')}
            value={discount}
            onChange={setDiscount}
            decimalScale={2}
            min={0}
          />
          <Select
            label={t('sales.payment')}
            value={payment}
            onChange={setPayment}
            clearable
            data={PAYMENTS.map((p) => ({ value: p, label: t(`sales.payments.${p}`) }))}
          />
          <Select
            label={t('sales.channel')}
            value={channel}
            onChange={setChannel}
            clearable
            data={CHANNELS.map((c) => ({ value: c, label: t(`sales.channels.${c}`) }))}
          />
        </Group>
        <Group grow align="flex-end">
          <TextInput
            label={t('sales.staff')}
            value={staff}
            onChange={(e) => setStaff(e.currentTarget.value)}
          />
          <Checkbox
            label={t('sales.isReturn')}
            description={t('sales.returnHint')}
            checked={isReturn}
            onChange={(e) => setIsReturn(e.currentTarget.checked)}
          />
        </Group>
        {problem && (
          <Text c="red" size="sm" role="alert">
            {problem}
          </Text>
        )}
        {saving.isError && <ErrorNotice error={saving.error} />}
        {remove.isError && <ErrorNotice error={remove.error} />}
        <Group justify="space-between">
          {initial && info.data?.role === 'owner' ? (
            <Button
              variant="subtle"
              color="red"
              loading={remove.isPending}
              onClick={() => remove.mutate({ id: initial.id })}
            >
              {t('sales.delete')}
            </Button>
          ) : (
            <Text size="xs" c="dimmed">
              {initial ? t('sales.historyHint') : ''}
            </Text>
          )}
          <Button type="submit" loading={saving.isPending}>
            {t('sales.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
