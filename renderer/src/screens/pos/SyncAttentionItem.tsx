import type { SyncItem } from '../../../../electron/ipc/contracts';
import { formatDateTime } from '../../format';
import { CHOICES, type ConflictChoice } from './sync-words';

interface Props {
  item: SyncItem;
  kind: 'rejection' | 'conflict';
  /** A choice for this item is on its way to the worker. */
  busy: boolean;
  onChoose(choice: ConflictChoice): void;
}

/**
 * One rejection or conflict of the Sync panel: what it was, what the store does
 * about it in a clerk's words, the two versions of a contact conflict, the hub's
 * own sentence smaller (for the technician), and the choices the worker offers.
 */
export function SyncAttentionItem({ item, kind, busy, onChoose }: Props) {
  const whatId = `sync-what-${item.id}`;
  return (
    <li className={`sync-item is-${kind}`} data-testid="sync-item" data-kind={kind} data-id={item.id}>
      <p className="sync-item-what">
        <strong id={whatId}>{item.what}</strong> <span className="pos-muted">{formatDateTime(item.at)}</span>
      </p>
      <p className="sync-item-reason" data-testid="sync-reason">
        {item.reason}
      </p>
      {item.mine !== null && item.store !== null && (
        <dl className="sync-versions">
          <dt>This till</dt>
          <dd>{item.mine}</dd>
          <dt>The store</dt>
          <dd>{item.store}</dd>
        </dl>
      )}
      {item.hubReason && (
        <p className="sync-item-hub" data-testid="sync-hub-reason">
          Store server: {item.hubReason}
          {item.code ? ` (${item.code})` : ''}
        </p>
      )}
      <div className="sync-item-actions">
        {CHOICES.filter((c) => item.choices.includes(c.choice)).map((c) => (
          <button key={c.choice} type="button" className="button small" aria-describedby={whatId} disabled={busy} onClick={() => onChoose(c.choice)}>
            {c.label}
          </button>
        ))}
      </div>
    </li>
  );
}
