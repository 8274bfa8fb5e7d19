import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { receiptsContract } from '../contracts/receipts';
import type { DomainHandlers } from './define';

export interface ReceiptPrinting {
  /** webContents.print of the window (the receipt is what its print styles leave visible). */
  print(): Promise<boolean>;
  /** webContents.printToPDF of the window. */
  pdf(): Promise<Uint8Array>;
  /** Where saved PDFs go: <userData>/receipts. */
  folder: string;
}

/** Receipt numbers as the till writes them ("R261129-7K3QMX"): nothing else can become a file name. */
const RECEIPT_NUMBER = z.string().regex(/^[A-Z0-9][A-Z0-9-]{0,31}$/, 'is not a receipt number');

export const receiptsHandlers = (printing: ReceiptPrinting): DomainHandlers<typeof receiptsContract> => ({
  print: { input: z.undefined(), handle: async () => ({ printed: await printing.print() }) },
  savePdf: {
    input: z.strictObject({ number: RECEIPT_NUMBER }),
    handle: async ({ number }) => {
      const bytes = await printing.pdf();
      fs.mkdirSync(printing.folder, { recursive: true });
      const fileName = `${number}.pdf`;
      const file = path.join(printing.folder, fileName);
      // Written beside, then renamed: a half-written PDF never carries the receipt's name.
      fs.writeFileSync(`${file}.partial`, bytes);
      fs.renameSync(`${file}.partial`, file);
      return { fileName, bytes: bytes.length };
    },
  },
});
