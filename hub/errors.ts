import type { HubErrorCode } from '../contracts/sync/protocol';
import { HUB_ERROR_CODES } from '../contracts/sync/protocol';

/** A refusal the hub answers with a HubError body: a stable code, a sentence saying what to do. */
export class HubRefusal extends Error {
  readonly status: number;
  constructor(
    readonly code: HubErrorCode,
    message: string,
    readonly expectedSeq?: number,
  ) {
    super(message);
    this.status = HUB_ERROR_CODES[code];
  }
}

/** An admin command's bad input or state: one line saying what to do, exit code 2 (as pos-db). */
export class HubAdminError extends Error {
  constructor(
    message: string,
    readonly whatToDo: string,
    readonly exitCode = 2,
  ) {
    super(`${message}. ${whatToDo}`);
  }
}

/** The database holds a migration this hub does not know: a newer hub migrated it. */
export class FutureHubSchemaError extends HubAdminError {
  constructor(readonly unknown: string[]) {
    super(`the hub database was migrated by a newer hub (${unknown.join(', ')})`, 'Run that newer pos-hub, or point DATABASE_URL at another database', 3);
  }
}
