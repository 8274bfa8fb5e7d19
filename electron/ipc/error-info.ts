import { PosError } from '../errors';
import type { ErrorInfo } from './contract';

/** An error as the renderer sees it. Unexpected errors keep their message but never their stack. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof PosError) return err.toJSON();
  if (isErrorInfo(err)) return { code: err.code, name: err.name, message: err.message, hint: err.hint };
  const message = err instanceof Error ? err.message : String(err);
  return {
    code: 'UNEXPECTED',
    name: err instanceof Error ? err.name : 'Error',
    message,
    hint: 'Restart POS Desktop; if it happens again, send the diagnostic report to support',
  };
}

export function isErrorInfo(value: unknown): value is ErrorInfo {
  const v = value as Partial<ErrorInfo> | null;
  return typeof v === 'object' && v !== null && typeof v.code === 'string' && typeof v.message === 'string' && typeof v.hint === 'string';
}
