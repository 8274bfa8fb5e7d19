import type { Page } from 'playwright-core';
import { setTechnicianCodeOfFile } from '../../../electron/security/technician-code';

/** The code the e2e stores get at "install", as `pos-db technician-code set` sets it (the same service), never from the demo hint. */
export const E2E_TECHNICIAN_CODE = '730418';

/** In the store where it can hold one, and beside it (the only copy for a store that cannot: unreadable, or older than 0006). */
export function installTechnicianCode(dbFile: string, code = E2E_TECHNICIAN_CODE): void {
  setTechnicianCodeOfFile({ code, file: dbFile, via: 'pos-db' });
}

/** The Backups screen's prompt, with no one signed in: type the code and open Backups. */
export async function enterTechnicianCode(page: Page, code = E2E_TECHNICIAN_CODE): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Technician code' });
  await dialog.getByLabel('Technician code').fill(code);
  await dialog.getByRole('button', { name: 'Open Backups' }).click();
  await dialog.waitFor({ state: 'detached' });
}
