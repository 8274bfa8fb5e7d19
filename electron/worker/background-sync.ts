import type { Db } from '../db/open';
import { PosError, toErrorInfo, type ErrorInfo } from '../errors';
import { HubUnreachableError, probeHub, pullTenant, pushTenant, tenantStatus, type PullCounts, type PushCounts } from '../sync';
import { enrolledTenants } from '../sync/store';

/** Where the background sync stands, for the header and the Sync panel (the rest is in the database). */
export interface BackgroundSyncState {
  running: boolean;
  /** The error of the last round that failed (null once a round works again). */
  lastError: ErrorInfo | null;
  /** Since when the hub has been unreachable (null while it answers). */
  offlineSince: string | null;
  /** When the next round is due (a timer, or the backoff while the hub is unreachable). */
  nextAttemptAt: string | null;
}

/** What one round did, per enrolled tenant: its push and pull counts, or the error that stopped it. */
export interface SyncRoundTenant {
  tenantId: string;
  push: PushCounts | null;
  pull: PullCounts | null;
  error: ErrorInfo | null;
}
export interface SyncRoundResult {
  startedAt: string;
  finishedAt: string;
  tenants: SyncRoundTenant[];
}

export interface BackgroundSyncOptions {
  /** The store connection, asked at the start of every round (the worker may have closed and reopened it). */
  db: () => Db;
  /** Pull this often when nothing else made the till sync (default 60 s). */
  pullEveryMs?: number;
  /** While the hub is unreachable, look at it this often (GET /v1/health, cheap) to sync the moment it is back (default 5 s). */
  probeEveryMs?: number;
  /** Operations per push request; smaller batches keep each SQLite transaction short (default 200). */
  batchSize?: number;
  /** Changes per pulled page (default 200), each applied in its own short transaction. */
  pageSize?: number;
  timeoutMs?: number;
  /** Told whenever the state changes (the worker sends it to the main process as an event). */
  onState?: (state: BackgroundSyncState) => void;
}

const DEFAULT_PULL_EVERY_MS = 60_000;
const DEFAULT_PROBE_EVERY_MS = 5_000;

/** Lets the worker's event loop serve the POS messages that arrived while a round worked. */
const yieldToPos = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The till's sync as a job of the database worker: it pushes when something is
 * queued (nudge() after each POS write), pulls on a timer and after every push
 * that sent something, backs off while the hub is unreachable (the backoff of
 * electron/sync, kept in sync_state) and syncs the moment the hub answers
 * again (a cheap health probe while offline, or networkChanged()). Every
 * SQLite transaction it runs is one push batch's outcomes or one pulled page,
 * and it yields to the event loop between them, so POS calls are served in
 * between; the HTTP waits never hold the worker. One round at a time.
 */
export class BackgroundSync {
  private started = false;
  private paused = 0;
  private round: Promise<SyncRoundResult> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private nudged = false;
  private forceNext = false;
  private lastPullAt = 0;
  private current: BackgroundSyncState = { running: false, lastError: null, offlineSince: null, nextAttemptAt: null };
  private readonly pullEveryMs: number;
  private readonly probeEveryMs: number;

  constructor(private readonly options: BackgroundSyncOptions) {
    this.pullEveryMs = options.pullEveryMs ?? DEFAULT_PULL_EVERY_MS;
    this.probeEveryMs = options.probeEveryMs ?? DEFAULT_PROBE_EVERY_MS;
  }

  /** Starts the rounds: one at once (push what waits, then pull), then by nudges and timers. Calling it again does nothing. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.forceNext = false;
    this.schedule(0);
  }

  /** Stops the timers and waits for a round in progress to end (its outcomes are recorded; nothing is cut in half). */
  async stop(): Promise<void> {
    this.started = false;
    this.clearTimer();
    await this.round?.catch(() => undefined);
    this.setState({ nextAttemptAt: null });
  }

  /**
   * Holds the rounds while the worker needs the store file to itself (an upgrade,
   * a backup, a restore): waits for the round in progress, starts none until
   * resume(). Nests.
   */
  async pause(): Promise<void> {
    this.paused++;
    this.clearTimer();
    await this.round?.catch(() => undefined);
  }

  resume(): void {
    if (this.paused > 0) this.paused--;
    if (this.paused === 0 && this.started) this.schedule(0);
  }

  /** Something was queued: push soon (coalesced: many writes in a row make one round). */
  nudge(): void {
    this.nudged = true;
    // Offline, a write does not make the till knock again before the backoff or the probe says the hub is back.
    if (this.started && this.paused === 0 && !this.round && !this.current.offlineSince) this.schedule(0);
  }

  /** The network came back (the main process heard it): try the hub now, whatever the backoff says. */
  networkChanged(): void {
    this.forceNext = true;
    if (this.started && this.paused === 0 && !this.round) this.schedule(0);
  }

  /** Push, then pull, every enrolled tenant now, ignoring the backoff; waits for a round already running first. */
  async syncNow(): Promise<SyncRoundResult> {
    if (this.paused > 0) await new Promise<void>((resolve) => setTimeout(resolve, 0));
    while (this.round) await this.round.catch(() => undefined);
    this.clearTimer();
    return this.runRound({ force: true, pull: true });
  }

  state(): BackgroundSyncState {
    return { ...this.current };
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delayMs: number): void {
    this.clearTimer();
    if (!this.started || this.paused > 0) return;
    const at = Date.now() + Math.max(0, delayMs);
    this.setState({ nextAttemptAt: new Date(at).toISOString() });
    this.timer = setTimeout(() => void this.tick(), Math.max(0, delayMs));
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (!this.started || this.paused > 0 || this.round) return;
    if (this.current.offlineSince && !this.forceNext && (await this.hubStillDown())) {
      this.schedule(Math.min(this.probeEveryMs, this.msUntilDue()));
      return;
    }
    const force = this.forceNext || Boolean(this.current.offlineSince);
    const pull = Date.now() - this.lastPullAt >= this.pullEveryMs;
    this.forceNext = false;
    await this.runRound({ force, pull }).catch(() => undefined);
  }

  /** While offline: one GET /v1/health to the first enrolled hub; true when it still does not answer and the backoff has not run out. */
  private async hubStillDown(): Promise<boolean> {
    if (this.msUntilDue() === 0) return false;
    try {
      const db = this.options.db();
      const tenants = enrolledTenants(db);
      const url = tenants.length > 0 ? tenantStatus(db, tenants[0]!).enrolled?.hubUrl : undefined;
      if (!url) return true;
      return !(await probeHub(url, Math.min(this.options.timeoutMs ?? 3_000, 3_000)));
    } catch {
      return true;
    }
  }

  /** How long until a tenant's backoff lets it try again (0: now). */
  private msUntilDue(): number {
    try {
      const db = this.options.db();
      const times = enrolledTenants(db)
        .map((t) => tenantStatus(db, t).nextAttemptAt)
        .map((t) => (t ? Date.parse(t) - Date.now() : 0));
      return Math.max(0, Math.min(...times, this.pullEveryMs));
    } catch {
      return this.probeEveryMs;
    }
  }

  private runRound(mode: { force: boolean; pull: boolean }): Promise<SyncRoundResult> {
    const round = this.doRound(mode).finally(() => {
      this.round = null;
      this.setState({ running: false });
      this.afterRound();
    });
    this.round = round;
    return round;
  }

  private async doRound({ force, pull }: { force: boolean; pull: boolean }): Promise<SyncRoundResult> {
    this.nudged = false;
    this.setState({ running: true });
    const startedAt = new Date().toISOString();
    const out: SyncRoundTenant[] = [];
    let unreachable: ErrorInfo | null = null;
    let otherError: ErrorInfo | null = null;
    const db = this.options.db();
    for (const tenantId of enrolledTenants(db)) {
      const entry: SyncRoundTenant = { tenantId, push: null, pull: null, error: null };
      out.push(entry);
      const next = tenantStatus(db, tenantId).nextAttemptAt;
      if (!force && next !== null && Date.parse(next) > Date.now()) continue;
      try {
        entry.push = await pushTenant(db, tenantId, {
          batchSize: this.options.batchSize ?? 200,
          timeoutMs: this.options.timeoutMs,
          onProgress: () => void 0,
        });
        await yieldToPos();
        if (pull || entry.push.batches > 0) {
          entry.pull = await pullTenant(db, tenantId, { pageSize: this.options.pageSize ?? 200, timeoutMs: this.options.timeoutMs });
          await yieldToPos();
        }
      } catch (err) {
        if (!(err instanceof PosError)) throw err;
        entry.error = toErrorInfo(err);
        if (err instanceof HubUnreachableError) unreachable ??= entry.error;
        else otherError ??= entry.error;
      }
    }
    if (pull || out.some((t) => t.pull)) this.lastPullAt = Date.now();
    const lastError = unreachable ?? otherError;
    this.setState({
      lastError,
      offlineSince: unreachable ? (this.current.offlineSince ?? startedAt) : null,
    });
    return { startedAt, finishedAt: new Date().toISOString(), tenants: out };
  }

  /** The next round: at once if writes arrived meanwhile, else at the backoff (offline) or the pull timer. */
  private afterRound(): void {
    if (!this.started || this.paused > 0) return;
    if (this.nudged && !this.current.offlineSince) return this.schedule(0);
    if (this.current.offlineSince) return this.schedule(Math.min(this.probeEveryMs, this.msUntilDue()));
    return this.schedule(Math.max(0, this.lastPullAt + this.pullEveryMs - Date.now()));
  }

  private setState(patch: Partial<BackgroundSyncState>): void {
    const next = { ...this.current, ...patch };
    const changed = (Object.keys(next) as (keyof BackgroundSyncState)[]).some((k) => JSON.stringify(next[k]) !== JSON.stringify(this.current[k]));
    this.current = next;
    if (changed) this.options.onState?.(this.state());
  }
}
