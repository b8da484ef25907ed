import { expect, test } from './support/fixtures';
import { TransferPage } from './pages/transfer.page';

const CSV = 'name,phone,notes\nAnn Lee,+8613800138001,first\nBob Ray,12,second\nCy Fox,+8613800138003,third\n';

test('import a CSV through the wizard: the dry run lists the rejected row, then the import lands', async ({
  page,
  openPreview,
}) => {
  const preview = await openPreview({ shop: 'init', locale: 'en' });
  const transfer = new TransferPage(page);
  await transfer.goto(preview.url);
  await transfer.chooseCsv('customers.csv', CSV);
  await expect(page.getByText('3 rows in the file')).toBeVisible();
  await transfer.button('Check the file').click();
  await expect(transfer.summary).toContainText('Check result (nothing written yet)');
  await expect(transfer.summary).toContainText('New: 2');
  await expect(transfer.summary).toContainText('Rejected: 1');
  await expect(transfer.rejectedRows).toContainText('Line 3: phone: not a phone number (12)');
  await transfer.button('Import now').click();
  await expect(transfer.summary).toContainText('Imported. Everything landed in one step.');
  await expect(transfer.summary).toContainText('New: 2');
});

test('in Chinese, a staff session sees export refused as an owner-only action', async ({
  page,
  openPreview,
}) => {
  const preview = await openPreview({ shop: { demoCustomers: 30, locale: 'zh-CN' }, locale: 'zh-CN' });
  const transfer = new TransferPage(page);
  await transfer.goto(preview.url);
  await transfer.tab('导出').click();
  await transfer.button('导出客户').click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('只有店主可以执行此操作');
});
