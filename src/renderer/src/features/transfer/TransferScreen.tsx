import { useState } from 'react';
import {
  Alert,
  Button,
  FileInput,
  Group,
  List,
  MultiSelect,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { invoke, useCommand, useCommandMutation } from '../../api/commands';
import { ErrorNotice } from '../../components/ErrorNotice';
import { downloadBase64, downloadBlob } from '../../components/download';
import { isForbidden, useOwnerAction } from '../auth/useOwnerAction';
import { BackupSettingsSection } from '../backup/BackupSettingsSection';
import { ImportProgress } from './ImportProgress';
import type { ImportIssue, ImportSummary } from '../../../../shared/contract/transfer';
import { labelNames } from '../../../../shared/analysis/label-names';
import { rfmSegments } from '../../../../shared/analysis/labels';

type Kind = 'customers' | 'purchases';

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let from = 0; from < bytes.length; from += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(from, from + 0x8000));
  }
  return btoa(binary);
}

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function ImportPanel(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const [kind, setKind] = useState<Kind>('customers');
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [mapping, setMapping] = useState<(string | null)[]>([]);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const preview = useCommandMutation('transfer.preview', {
    onSuccess: (value) => setMapping([...value.mapping]),
  });
  const runImport = useCommandMutation('transfer.import', { onSuccess: setSummary });

  // The field as the mapping menus name it, in the screen's language ("日期", "Date"), not its code.
  const fieldLabel = (field: string): string => {
    const known = preview.data?.fields.find((candidate) => candidate.value === field);
    if (known === undefined) return field;
    return i18n.language === 'zh-CN' ? known.zh : known.en;
  };
  // A vCard has no header row: its columns are named by field codes, shown in the screen's language.
  const columnTitle = (header: string): string =>
    preview.data?.format === 'vcard' ? fieldLabel(header) : header;
  const issueText = (issue: ImportIssue): string => {
    const reason = t(`transfer.issues.${issue.code}`);
    // The raw value in the screen's punctuation: full-width parentheses in Chinese.
    const text = issue.value ? t('transfer.issueWithValue', { issue: reason, value: issue.value }) : reason;
    return issue.field ? t('transfer.fieldIssue', { field: fieldLabel(issue.field), issue: text }) : text;
  };

  const pick = async (picked: File | null): Promise<void> => {
    setSummary(null);
    if (picked === null) return setFile(null);
    const next = { name: picked.name, base64: await toBase64(picked) };
    setFile(next);
    preview.mutate({ kind, fileName: next.name, base64: next.base64 });
  };

  const submit = (dryRun: boolean): void => {
    if (file === null) return;
    runImport.mutate({ kind, fileName: file.name, base64: file.base64, mapping, dryRun });
  };

  const downloadErrors = (): void => {
    if (summary === null) return;
    const lines = ['line,field,code,message'];
    for (const row of summary.rejectedRows)
      for (const issue of row.issues)
        lines.push([row.line, issue.field ?? '', issue.code, issueText(issue)].map(csvCell).join(','));
    downloadBlob('rejected-rows.csv', new Blob(['\uFEFF' + lines.join('\r\n')], { type: 'text/csv' }));
  };

  return (
    <Stack>
      <SegmentedControl
        value={kind}
        onChange={(value) => {
          setKind(value as Kind);
          setSummary(null);
          if (file) preview.mutate({ kind: value as Kind, fileName: file.name, base64: file.base64 });
        }}
        data={[
          { value: 'customers', label: t('transfer.kind.customers') },
          { value: 'purchases', label: t('transfer.kind.purchases') },
        ]}
      />
      <FileInput
        label={t(kind === 'customers' ? 'transfer.pickCustomerFile' : 'transfer.pickFile')}
        description={t(kind === 'customers' ? 'transfer.customerFileHint' : 'transfer.purchaseFileHint')}
        placeholder={t('transfer.pickPlaceholder')}
        accept={kind === 'customers' ? '.csv,.txt,.xlsx,.vcf,.vcard' : '.csv,.txt,.xlsx'}
        onChange={(picked) => void pick(picked)}
        data-testid="transfer-file"
      />
      {preview.error ? <ErrorNotice error={preview.error} /> : null}
      {preview.data && file ? (
        <Stack gap="xs">
          <Text size="sm">{t('transfer.preview', { count: preview.data.totalRows })}</Text>
          {preview.data.remembered ? (
            <Text size="sm" c="dimmed">
              {t('transfer.remembered')}
            </Text>
          ) : null}
          <ScrollArea>
            <Table withTableBorder striped>
              <Table.Thead>
                <Table.Tr>
                  {preview.data.headers.map((header, column) => (
                    <Table.Th key={column} miw={140}>
                      <Text size="xs" fw={700}>
                        {columnTitle(header)}
                      </Text>
                      <Select
                        size="xs"
                        aria-label={header}
                        value={mapping[column] ?? '__ignore'}
                        data={[
                          { value: '__ignore', label: t('transfer.ignore') },
                          ...preview.data.fields.map((field) => ({
                            value: field.value,
                            label: i18n.language === 'zh-CN' ? field.zh : field.en,
                          })),
                        ]}
                        onChange={(value) =>
                          setMapping((current) =>
                            current.map((old, index) =>
                              index === column
                                ? value === '__ignore' || value === null
                                  ? null
                                  : value
                                : old,
                            ),
                          )
                        }
                      />
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.data.rows.slice(0, 5).map((row, index) => (
                  <Table.Tr key={index}>
                    {row.map((cell, column) => (
                      <Table.Td key={column}>{cell}</Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
          <Group>
            <Button variant="default" onClick={() => submit(true)} loading={runImport.isPending}>
              {t('transfer.dryRun')}
            </Button>
            <Button
              onClick={() => submit(false)}
              disabled={summary === null || !summary.dryRun}
              loading={runImport.isPending}
            >
              {t('transfer.commit')}
            </Button>
          </Group>
        </Stack>
      ) : null}
      {runImport.isPending ? <ImportProgress dryRun={runImport.variables?.dryRun ?? true} /> : null}
      {runImport.error ? <ErrorNotice error={runImport.error} /> : null}
      {summary ? (
        <Alert
          color={summary.rejected > 0 ? 'yellow' : 'green'}
          title={summary.dryRun ? t('transfer.dryRunTitle') : t('transfer.imported')}
          data-testid="import-summary"
        >
          <Group gap="lg">
            <Text size="sm">{t('transfer.created', { count: summary.created })}</Text>
            <Text size="sm">{t('transfer.updated', { count: summary.updated })}</Text>
            <Text size="sm">{t('transfer.unchanged', { count: summary.unchanged })}</Text>
            <Text size="sm">{t('transfer.duplicates', { count: summary.duplicates })}</Text>
            <Text size="sm">{t('transfer.rejected', { count: summary.rejected })}</Text>
          </Group>
          {summary.rejectedRows.length > 0 ? (
            <Stack gap={4} mt="sm">
              <Text size="sm" fw={700}>
                {t('transfer.rejectedList')}
              </Text>
              <List size="sm" data-testid="rejected-rows">
                {summary.rejectedRows.slice(0, 200).map((row) => (
                  <List.Item key={row.line}>
                    {t('transfer.lineIssues', {
                      line: row.line,
                      issues: row.issues.map(issueText).join(t('transfer.issueSeparator')),
                    })}
                  </List.Item>
                ))}
              </List>
              <Button variant="subtle" size="xs" onClick={downloadErrors} w="fit-content">
                {t('transfer.downloadErrors')}
              </Button>
            </Stack>
          ) : null}
        </Alert>
      ) : null}
    </Stack>
  );
}

function ExportPanel(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const [format, setFormat] = useState<'csv' | 'xlsx' | 'vcf'>('csv');
  // The shop remembers the last chosen columns and their order; null = not changed here yet.
  const columnChoice = useCommand('transfer.exportColumns', {});
  const [pickedColumns, setPickedColumns] = useState<string[] | null>(null);
  const columnList = pickedColumns ?? [...(columnChoice.data?.chosen ?? [])];
  const columnLabel = (entry: { en: string; zh: string }): string =>
    i18n.language.startsWith('zh') ? entry.zh : entry.en;
  const [consent, setConsent] = useState<string>('any');
  // A campaign list: one RFM segment of the latest analysis, one tag, or both.
  const [segment, setSegment] = useState<string | null>(null);
  const [tag, setTag] = useState<string | null>(null);
  const tags = useCommand('tags.list', {});
  const segmentNames = labelNames[i18n.language === 'zh-CN' ? 'zh-CN' : 'en'].rfmSegment;
  // Export is an owner action: staff are asked for the owner PIN, then it runs.
  const owner = useOwnerAction();
  const exportMutation = useCommandMutation('transfer.export', {
    onSuccess: (result) => {
      if (result.rows > 0) downloadBase64(result.fileName, result.base64);
    },
  });
  return (
    <Stack maw={520}>
      <Select
        label={t('transfer.exportFormat')}
        value={format}
        onChange={(value) => setFormat((value ?? 'csv') as 'csv' | 'xlsx' | 'vcf')}
        data={['csv', 'xlsx', 'vcf']}
        allowDeselect={false}
      />
      <MultiSelect
        label={t('transfer.exportColumns')}
        placeholder={columnList.length === 0 ? t('transfer.allColumns') : undefined}
        data={(columnChoice.data?.available ?? []).map((entry) => ({
          value: entry.value,
          label: columnLabel(entry),
        }))}
        value={columnList}
        onChange={setPickedColumns}
        searchable
        clearable
        data-testid="export-columns"
      />
      <Select
        label={t('transfer.exportSegment')}
        placeholder={t('transfer.anySegment')}
        value={segment}
        onChange={setSegment}
        clearable
        data={rfmSegments.map((code) => ({ value: code, label: segmentNames[code] }))}
        data-testid="export-segment"
      />
      <Select
        label={t('transfer.exportTag')}
        placeholder={t('transfer.anyTag')}
        value={tag}
        onChange={setTag}
        clearable
        searchable
        data={(tags.data ?? []).map((entry) => entry.name)}
        data-testid="export-tag"
      />
      <Select
        label={t('transfer.exportConsent')}
        value={consent}
        onChange={(value) => setConsent(value ?? 'any')}
        allowDeselect={false}
        data={[{ value: 'any', label: t('transfer.anyConsent') }, 'sms', 'wechat', 'email', 'phone']}
      />
      <Button
        w="fit-content"
        loading={exportMutation.isPending}
        onClick={() => {
          const input = {
            format,
            filter: {
              ...(segment !== null ? { segment } : {}),
              ...(tag !== null ? { tag } : {}),
              ...(consent === 'any'
                ? {}
                : { consentChannel: consent as 'sms' | 'wechat' | 'email' | 'phone' }),
            },
            ...(columnList.length > 0 ? { columns: columnList } : {}),
          };
          // Errors other than the PIN prompt's own are shown by the mutation's error state. Once
          // exported (owner mode is on by then), the choice is kept for next time.
          void owner
            .run(async () => {
              const result = await exportMutation.mutateAsync(input);
              if (columnList.length > 0)
                await invoke('transfer.rememberExportColumns', { columns: columnList });
              return result;
            })
            .catch(() => undefined);
        }}
      >
        {t('transfer.exportButton')}
      </Button>
      {exportMutation.error && !isForbidden(exportMutation.error) ? (
        <ErrorNotice error={exportMutation.error} />
      ) : null}
      {owner.dialog}
      {exportMutation.data ? (
        exportMutation.data.rows > 0 ? (
          <Alert color="green">{t('transfer.exported', { count: exportMutation.data.rows })}</Alert>
        ) : (
          // No file is downloaded then; the core's note is English, so the screen says it itself.
          <Alert color="yellow">{t('transfer.exportedNone')}</Alert>
        )
      ) : null}
    </Stack>
  );
}

export function TransferScreen(): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Stack p="md">
      <Title order={2}>{t('transfer.title')}</Title>
      <Tabs defaultValue="import" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="import">{t('transfer.tabs.import')}</Tabs.Tab>
          <Tabs.Tab value="export">{t('transfer.tabs.export')}</Tabs.Tab>
          <Tabs.Tab value="backups">{t('transfer.tabs.backups')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="import" pt="md">
          <ImportPanel />
        </Tabs.Panel>
        <Tabs.Panel value="export" pt="md">
          <ExportPanel />
        </Tabs.Panel>
        <Tabs.Panel value="backups" pt="md">
          {/* The same section as in Settings: one place of truth for the backups list and restore. */}
          <BackupSettingsSection />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
