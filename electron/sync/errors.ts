import { PosError } from '../errors';

/**
 * What can go wrong between a till and its hub, in words a technician can act
 * on. Exit code 2: the request was wrong (a bad URL, not enrolled); 1: the hub
 * refused or could not be reached. Nothing queued is ever lost by any of them.
 */

/** A hub URL that is not https, except plain http to this machine (localhost, 127.0.0.1, ::1). */
export class InsecureHubUrlError extends PosError {
  readonly code = 'SYNC_INSECURE_URL';
  readonly exitCode = 2 as const;
  constructor(readonly url: string) {
    super(
      `${url} is not https: the till sends its credential and the store's sales to the hub, so plain http is allowed only to localhost`,
      'Use the https:// address of the hub (it serves TLS itself or sits behind a proxy)',
    );
  }
}

export class BadHubUrlError extends PosError {
  readonly code = 'SYNC_BAD_URL';
  readonly exitCode = 2 as const;
  constructor(readonly url: string) {
    super(`'${url}' is not a hub address`, 'Give the address as the hub administrator wrote it, e.g. https://hub.example.com');
  }
}

export class NotEnrolledError extends PosError {
  readonly code = 'SYNC_NOT_ENROLLED';
  readonly exitCode = 2 as const;
  constructor(readonly dbPath: string) {
    super(
      `No store of ${dbPath} is enrolled with a hub`,
      'Ask the hub administrator for an enrollment code, then run `pos-db sync enroll --db FILE --hub URL --code CODE`',
    );
  }
}

/** The credential stored for a store is not that store's (its token names another tenant): nothing is sent with it. */
export class CredentialMismatchError extends PosError {
  readonly code = 'SYNC_CREDENTIAL_MISMATCH';
  readonly exitCode = 1 as const;
  constructor(readonly tenantId: string) {
    super(
      `The hub credential stored for ${tenantId} in this database is not ${tenantId}'s`,
      'Nothing was sent; re-enroll the store with a code of its own (`pos-db sync enroll --replace`), see docs/sync.md',
    );
  }
}

export class AlreadyEnrolledError extends PosError {
  readonly code = 'SYNC_ALREADY_ENROLLED';
  readonly exitCode = 2 as const;
  constructor(
    readonly tenantId: string,
    readonly tillName: string,
  ) {
    super(
      `This database already syncs ${tenantId} as till '${tillName}'; its credential was kept and the new one the hub issued for this code was not stored`,
      'Ask the hub administrator to revoke the unused till (`pos-hub revoke`); to replace the credential on purpose, get a new code and add `--replace`',
    );
  }
}

/** The hub is down, slow or answered 5xx: transient. The operations stay queued and are retried with backoff. */
export class HubUnreachableError extends PosError {
  readonly code = 'SYNC_HUB_UNREACHABLE';
  readonly exitCode = 1 as const;
  constructor(
    readonly hubUrl: string,
    readonly detail: string,
    readonly retryAt: string | null = null,
  ) {
    super(
      `The hub at ${hubUrl} could not be reached (${detail})`,
      `Nothing was lost: the operations stay queued${retryAt ? ` and are retried from ${retryAt}` : ''}; check the network, or ask the hub administrator whether the hub is running`,
    );
  }
}

/** 426: the hub speaks a newer protocol or needs a newer till schema. */
export class UpgradeRequiredError extends PosError {
  readonly code = 'SYNC_UPGRADE_REQUIRED';
  readonly exitCode = 1 as const;
  constructor(readonly hubMessage: string) {
    super(
      `The hub refuses this version of POS Desktop (${hubMessage})`,
      'Install the POS Desktop update; nothing was lost, the queued operations wait and are sent after the update',
    );
  }
}

/** 401: the credential is unknown or revoked, or the enrollment code is used or expired. */
export class HubUnauthorizedError extends PosError {
  readonly code = 'SYNC_UNAUTHORIZED';
  readonly exitCode = 1 as const;
  constructor(
    readonly hubMessage: string,
    readonly enrolling: boolean,
  ) {
    super(
      enrolling ? `The hub did not accept the enrollment code (${hubMessage})` : `The hub no longer accepts this till's credential (${hubMessage})`,
      enrolling
        ? 'Ask the hub administrator for a new code (`pos-hub enroll-code`); codes work once'
        : 'Nothing was lost; ask the hub administrator for a new enrollment code and run `pos-db sync enroll --replace`',
    );
  }
}

/** The hub answered something outside the contract (400, a body that does not parse): a bug on one side, not retried blindly. */
export class HubProtocolError extends PosError {
  readonly code = 'SYNC_PROTOCOL';
  readonly exitCode = 1 as const;
  constructor(
    readonly hubUrl: string,
    readonly detail: string,
  ) {
    super(`The hub at ${hubUrl} and this till do not understand each other (${detail})`, 'Nothing was lost; send `pos-db sync status --json` to support');
  }
}

/** 409 the till cannot answer: the hub expects operations this till no longer has. */
export class SequenceGapError extends PosError {
  readonly code = 'SYNC_SEQUENCE_GAP';
  readonly exitCode = 1 as const;
  constructor(
    readonly tenantId: string,
    readonly expectedSeq: number,
    detail: string,
  ) {
    super(
      `The hub expects ${tenantId}'s operation number ${expectedSeq} from this till, which ${detail}`,
      'Nothing was sent out of order; a technician re-enrolls the till (`pos-db sync enroll --replace`) so its queue starts a new sequence, see docs/sync.md',
    );
  }
}

/** A pulled page this till cannot apply (an unknown table or column, another tenant's row): nothing of the page is written. */
export class PullRejectedError extends PosError {
  readonly code = 'SYNC_PULL_REJECTED';
  readonly exitCode = 1 as const;
  constructor(readonly detail: string) {
    super(
      `A page of changes from the hub was not applied: ${detail}`,
      'Nothing of it was written; install the POS Desktop update if there is one, otherwise send `pos-db sync status --json` to support',
    );
  }
}

/** The Sync panel's actions are for a manager, a technician or an admin; the header's state is for everyone signed in. */
export class SyncNotPermittedError extends PosError {
  readonly code = 'SYNC_NOT_PERMITTED';
  readonly exitCode = 2 as const;
  constructor(
    readonly role: string,
    readonly action: string,
  ) {
    super(`A ${role} cannot ${action}`, 'Ask a manager or the technician to open the Sync panel');
  }
}

/** A conflict the panel no longer lists (resolved on this till or another), or a choice it does not offer for it. */
export class ConflictNotOpenError extends PosError {
  readonly code = 'SYNC_CONFLICT_NOT_OPEN';
  readonly exitCode = 2 as const;
  constructor(
    readonly conflictId: string,
    why: string,
  ) {
    super(`This conflict ${why}`, 'Refresh the Sync panel and choose again');
  }
}
