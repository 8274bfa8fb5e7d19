import { useEffect, useState } from 'react';
import type { PosApi } from '../../pos';
import type { SyncHeader } from '../../../../electron/ipc/contracts';

const REFRESH_MS = 5_000;

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** What the header says of each state (docs/sync.md, "On screen"). */
export function syncWords(h: SyncHeader): string {
  switch (h.state) {
    case 'off':
      return 'Sync off';
    case 'in_step':
      return 'In step';
    case 'queued':
      return `Queued ${h.queued}`;
    case 'offline':
      return h.offlineSince ? `Offline since ${time(h.offlineSince)}` : 'Offline';
    case 'attention':
      return `Needs attention (${h.attention})`;
  }
}

/**
 * The till header's sync indicator: asks the worker for the state (from the
 * till's database) every few seconds and whenever the background sync says it
 * changed (or `refresh` does: the Sync panel acted). A button for whoever may open the Sync panel.
 */
export function SyncIndicator({ sync, onOpen, refresh = 0 }: { sync: PosApi['sync']; onOpen?: () => void; refresh?: number }) {
  const [header, setHeader] = useState<SyncHeader | null>(null);
  useEffect(() => {
    let live = true;
    const ask = () =>
      void sync.status().then((o) => {
        if (live && o.ok) setHeader(o.value);
      });
    ask();
    const timer = setInterval(ask, REFRESH_MS);
    const off = sync.onState(() => ask());
    return () => {
      live = false;
      clearInterval(timer);
      off();
    };
  }, [sync, refresh]);
  if (!header) return null;
  const words = syncWords(header);
  const className = `pos-sync-badge is-${header.state.replace('_', '-')}`;
  return onOpen ? (
    <button
      type="button"
      className={`button small ${className}`}
      data-testid="sync-state"
      data-state={header.state}
      title="Open the Sync panel"
      onClick={onOpen}
    >
      {words}
    </button>
  ) : (
    <span className={className} data-testid="sync-state" data-state={header.state} role="status">
      {words}
    </span>
  );
}
