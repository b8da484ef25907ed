import { expect, test } from './support/fixtures';
import { CardPage } from './pages/card.page';
import { ComplaintsPage } from './pages/complaints.page';
import { pickCustomer } from './support/shop-db';

test('open a complaint from the card → move it through the workflow → follow up with a score', async ({
  page,
  openPreview,
}) => {
  const preview = await openPreview({ shop: { demoCustomers: 40, locale: 'en' }, locale: 'en' });
  const customer = pickCustomer(preview.dbFile, 2);
  const card = new CardPage(page);
  await card.open(preview.url, customer.id);

  await card.shortcut('c');
  await card.dialog.getByRole('textbox', { name: 'What happened' }).fill('Milk foam was flat');
  await card.dialog.getByRole('textbox', { name: 'What happened' }).press('Enter');
  await expect(page.getByText('Complaint recorded')).toBeVisible();
  const row = card.complaintRow('Milk foam was flat');
  await expect(row.getByTestId('complaint-status')).toHaveText('Received');

  // Each step asks for what it records; the button names the only step allowed next.
  await row.getByRole('button', { name: 'Cause analysed →' }).click();
  await expect(card.dialog.getByRole('button', { name: 'Confirm' })).toBeDisabled();
  await card.dialog.getByRole('combobox', { name: 'Cause' }).click();
  await page.getByRole('option', { name: 'Communication' }).click();
  await card.dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(row.getByTestId('complaint-status')).toHaveText('Cause analysed');

  await row.getByRole('button', { name: 'In progress →' }).click();
  await card.dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(row.getByTestId('complaint-status')).toHaveText('In progress');

  await row.getByRole('button', { name: 'Resolved →' }).click();
  await card.dialog.getByRole('textbox', { name: 'Resolution' }).fill('Remade the drink and apologised');
  await card.dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(row.getByTestId('complaint-status')).toHaveText('Resolved');

  await row.getByRole('button', { name: 'Followed up →' }).click();
  await card.dialog.getByRole('radio', { name: '4' }).check();
  await card.dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByText('Complaint moved to “Followed up”')).toBeVisible();
  await expect(row).toBeHidden(); // closed complaints leave the card's open list

  const complaints = new ComplaintsPage(page);
  await complaints.open(preview.url);
  await complaints.showFilter('Closed');
  const closed = complaints.row('Milk foam was flat');
  await expect(closed.getByTestId('complaint-status')).toHaveText('Followed up');
  await expect(closed).toContainText('4/5');
  await expect(closed).toContainText('Communication');
  await expect(closed.getByRole('button')).toHaveCount(0);
  await expect(complaints.report).toContainText('Communication');
});
