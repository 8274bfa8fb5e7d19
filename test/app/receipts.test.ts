import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { receiptsHandlers } from '../../electron/ipc/handlers/receipts';
import { tempDir } from '../helpers';

const dir = tempDir('pos-receipts-');

describe('receipt printing in the main process', () => {
  const pdf = new TextEncoder().encode('%PDF-1.4 receipt');
  const handlers = receiptsHandlers({ folder: path.join(dir, 'receipts'), print: async () => true, pdf: async () => pdf });

  it('saves the window as <number>.pdf in the receipts folder and answers with its name and size, never a path', async () => {
    const saved = await handlers.savePdf.handle({ number: 'R261129-7K3QMX' });
    expect(saved).toEqual({ fileName: 'R261129-7K3QMX.pdf', bytes: pdf.length });
    expect(fs.readFileSync(path.join(dir, 'receipts', 'R261129-7K3QMX.pdf'))).toEqual(Buffer.from(pdf));
    expect(fs.readdirSync(path.join(dir, 'receipts'))).toEqual(['R261129-7K3QMX.pdf']);
  });

  it.each(['../../etc/passwd', 'r261129-x', '', 'R'.repeat(40), 'R1/2'])('refuses %j as a receipt number before anything is written', (number) => {
    expect(handlers.savePdf.input.safeParse({ number }).success).toBe(false);
  });

  it('print answers whether Electron printed', async () => {
    await expect(handlers.print.handle(undefined)).resolves.toEqual({ printed: true });
  });
});
