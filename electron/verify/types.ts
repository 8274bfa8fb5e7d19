/** One verification result, naming its check and table (null for database-wide checks). */
export interface CheckResult {
  check: string;
  table: string | null;
  ok: boolean;
  detail: string;
}

export interface TableAudit {
  table: string;
  rows: number;
  columns: string[];
  indexes: string[];
}
