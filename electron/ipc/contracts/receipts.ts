import { operation, type Contract } from '../contract';

/**
 * Printing the receipt on screen. The page shows the receipt (its print
 * styles hide everything else) and asks for one of these; the main process
 * prints the window through Electron, or saves it as a PDF under
 * <userData>/receipts. The page names a receipt by its number, never a path.
 */
export const receiptsContract = {
  domain: 'receipts',
  operations: {
    /** Electron's print dialog for the receipt on screen; false when the clerk cancelled it or printing failed. */
    print: operation<void, { printed: boolean }>(),
    /** The receipt on screen as a PDF, saved as <number>.pdf; answers with the file's name and size. */
    savePdf: operation<{ number: string }, { fileName: string; bytes: number }>(),
  },
  events: {},
} as const satisfies Contract;
