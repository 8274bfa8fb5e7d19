import type { LaunchState, StoreInfo } from '../../electron/ipc/contracts';
import type { ErrorInfo } from '../../electron/ipc/contracts';

type LaunchOf<S extends LaunchState['screen']> = Extract<LaunchState, { screen: S }>;

/** Why the app is asking the main process which screen to show. */
export type LoadReason = 'startup' | 'database-changed';

/** Where the app is. Issue 6's POS screens add their routes here. */
export type Route =
  | { name: 'loading'; reason: LoadReason }
  /** autoStart: staff installing an update make no decisions, so the first launch starts the upgrade by itself. */
  | { name: 'upgrade'; launch: LaunchOf<'upgrade'>; autoStart: boolean }
  | { name: 'future'; launch: LaunchOf<'future'> }
  | { name: 'pos'; launch: LaunchOf<'pos'> }
  | { name: 'problem'; error: ErrorInfo; store: StoreInfo | null }
  | { name: 'backups'; from: BackupsOrigin };

export type BackupsOrigin = Exclude<Route, { name: 'backups' | 'loading' }>;

export type FlowEvent =
  | { type: 'launched'; launch: LaunchState }
  | { type: 'launch-failed'; error: ErrorInfo }
  | { type: 'open-backups' }
  | { type: 'close-backups' }
  /** An upgrade finished or a backup was restored: ask again which screen fits the database now. */
  | { type: 'database-changed' };

export const initialRoute: Route = { name: 'loading', reason: 'startup' };

export function flow(route: Route, event: FlowEvent): Route {
  switch (event.type) {
    case 'launched': {
      if (route.name !== 'loading') return route;
      const launch = event.launch;
      switch (launch.screen) {
        case 'upgrade':
          return { name: 'upgrade', launch, autoStart: route.reason === 'startup' };
        case 'future':
          return { name: 'future', launch };
        case 'pos':
          return { name: 'pos', launch };
        case 'problem':
          return { name: 'problem', error: launch.error, store: launch.store };
      }
      return route;
    }
    case 'launch-failed':
      return route.name === 'loading' ? { name: 'problem', error: event.error, store: null } : route;
    case 'open-backups':
      if (route.name === 'loading' || route.name === 'backups') return route;
      // Coming back to the upgrade never restarts it by itself: the technician chooses Retry.
      return { name: 'backups', from: route.name === 'upgrade' ? { ...route, autoStart: false } : route };
    case 'close-backups':
      return route.name === 'backups' ? route.from : route;
    case 'database-changed':
      return { name: 'loading', reason: 'database-changed' };
  }
}
