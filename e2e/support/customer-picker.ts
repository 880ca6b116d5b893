// The customer picker searches the server as one types (issue 14): a technician clicks it, types
// part of the name and picks the match — or picks a fixed choice such as "+ New customer…".
import type { Locator, Page } from 'playwright-core';

export const pickCustomer = async (page: Page, scope: Locator | Page, label: string, choice: string, options: { search?: string } = {}) => {
  const input = scope.getByLabel(label, { exact: true });
  await input.click();
  if (options.search !== undefined) {
    await input.fill(options.search);
  }
  await page.getByRole('option', { name: choice, exact: true }).click();
};
