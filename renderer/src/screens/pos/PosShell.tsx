import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Branded } from './Branded';
import { addProduct, EMPTY_CART, type CartState } from './cart';
import { CustomersPanel } from './CustomersPanel';
import { GiftCardsPanel } from './GiftCardsPanel';
import { HistoryPanel } from './HistoryPanel';
import { lockAware, lockLatch } from './lock-aware';
import { LockScreen } from './LockScreen';
import { PinDialog } from './PinDialog';
import { ProductsPanel } from './ProductsPanel';
import { ReturnsPanel } from './ReturnsPanel';
import { SellPanel } from './SellPanel';
import { ShiftPanel } from './ShiftPanel';
import { StaffPanel } from './StaffPanel';
import { SyncIndicator } from './SyncIndicator';
import { SyncPanelScreen } from './SyncPanelScreen';
import type { ErrorInfo, PosApi } from '../../pos';
import type { CustomerVehicle, PosCalls, ReceiptCalls, SalesSetup, SignedInView } from './types';
import { usePosCall } from './usePosCall';
import { WorkOrdersPanel } from './WorkOrdersPanel';

const TABS = [
  { id: 'sell', label: 'Sell' },
  { id: 'products', label: 'Products' },
  { id: 'customers', label: 'Customers' },
  { id: 'work-orders', label: 'Work orders' },
  { id: 'returns', label: 'Returns' },
  { id: 'receipts', label: 'Receipts' },
  { id: 'gift-cards', label: 'Gift cards' },
  { id: 'shift', label: 'Shift' },
  { id: 'staff', label: 'Locked PINs' },
] as const;
type Tab = (typeof TABS)[number]['id'];
/** Tabs only some roles get (the worker refuses the others anyway: electron/tenancy/permissions.ts). */
const TAB_ROLES: Partial<Record<Tab, readonly string[]>> = { staff: ['manager', 'technician', 'admin'] };

/** Input the page counts as someone at the till, for its own idle timer. */
const ACTIVITY_EVENTS = ['pointerdown', 'keydown'] as const;

/** Who the header's indicator opens the Sync panel for (the worker checks again: SYNC_NOT_PERMITTED). */
const SYNC_PANEL_ROLES: readonly string[] = ['manager', 'technician', 'admin'];

interface Props {
  pos: PosCalls;
  receipts: ReceiptCalls;
  /** The till's sync state for the header (window.pos.sync). */
  sync?: PosApi['sync'];
  session: SignedInView;
  onSignOut(): void;
  onSessionExpired(): void;
  onOpenBackups(): void;
  onSwitched(session: SignedInView): void;
}

/** The signed-in till: the store's name, logo and colours on top, the shift and who is at the till, one panel at a time below. */
export function PosShell({ pos: rawPos, receipts: rawReceipts, sync: rawSync, session, onSignOut, onSessionExpired, onOpenBackups, onSwitched }: Props) {
  // The idle lock (lock-aware.ts): a SESSION_LOCKED answer shows the lock screen and the call waits for the unlock.
  const [locked, setLocked] = useState(session.locked);
  const [unlockBusy, setUnlockBusy] = useState(false);
  const [unlockError, setUnlockError] = useState<ErrorInfo | null>(null);
  const latch = useMemo(lockLatch, []);
  const gate = useMemo(() => ({ onLocked: () => setLocked(true), unlocked: latch.unlocked }), [latch]);
  const pos = useMemo(() => lockAware(rawPos, gate), [rawPos, gate]);
  const receipts = useMemo(() => lockAware(rawReceipts, gate), [rawReceipts, gate]);
  const sync = useMemo(() => rawSync && lockAware(rawSync, gate, { retry: false }), [rawSync, gate]);
  const [tab, setTab] = useState<Tab>('sell');
  const [cart, setCart] = useState<CartState>(EMPTY_CART);
  const [vehicle, setVehicle] = useState<{ make: string; model: string; year: number } | null>(null);
  const [switching, setSwitching] = useState(false);
  const [switchError, setSwitchError] = useState<string | null>(null);
  const [switchBusy, setSwitchBusy] = useState(false);
  // Open for one employee: a switch to another closes it (a cashier never sees what a manager opened).
  const [syncOpenFor, setSyncOpenFor] = useState<string | null>(null);
  const [syncAsked, setSyncAsked] = useState(0);
  const setup = usePosCall<SalesSetup>(onSessionExpired);
  const scanRef = useRef<HTMLInputElement>(null);
  const { store, user } = session;
  const mayOpenSync = SYNC_PANEL_ROLES.includes(user.role);
  const syncOpen = mayOpenSync && syncOpenFor === user.id;
  const panel = { pos, store, onSessionExpired };

  const loadSetup = setup.run;
  const refresh = useCallback(() => void loadSetup(() => pos.salesSetup()), [pos, loadSetup]);
  useEffect(refresh, [refresh, user.id]);
  // Focus returns to the scan field on every change of tab (the other panels focus their own first field).
  useEffect(() => {
    if (tab === 'sell') requestAnimationFrame(() => scanRef.current?.focus());
  }, [tab]);

  const partsFor = (v: CustomerVehicle) => {
    setVehicle({ make: v.make, model: v.model, year: v.year });
    setTab('products');
  };
  const switchUser = async (input: { username: string; pin: string }) => {
    setSwitchBusy(true);
    const o = await rawPos.switchUser(input);
    setSwitchBusy(false);
    if (!o.ok) return setSwitchError(`${o.error.message}. ${o.error.hint}.`);
    setSwitching(false);
    // Someone else now: calls the locked user left waiting are not sent again under the new name (their panels show the lock).
    if (locked) {
      latch.release(false);
      setLocked(false);
    }
    onSwitched(o.value);
  };
  const unlock = async (pin: string) => {
    setUnlockBusy(true);
    const o = await rawPos.unlockSession({ pin });
    setUnlockBusy(false);
    if (!o.ok) {
      if (o.error.code === 'SESSION_EXPIRED') {
        latch.release(false);
        return onSessionExpired();
      }
      return setUnlockError(o.error);
    }
    setUnlockError(null);
    setLocked(false);
    latch.release(true);
  };
  // The page's own idle timer shows the lock screen on time; the worker decides regardless.
  const idleMs = session.idleLockMinutes * 60_000;
  useEffect(() => {
    if (locked) return;
    let timer = setTimeout(() => setLocked(true), idleMs);
    const active = () => {
      clearTimeout(timer);
      timer = setTimeout(() => setLocked(true), idleMs);
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, active, true);
    return () => {
      clearTimeout(timer);
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, active, true);
    };
  }, [locked, idleMs]);
  const tabs = TABS.filter((t) => TAB_ROLES[t.id]?.includes(user.role) ?? true);
  const shift = setup.value?.shift ?? null;
  // Back to the sale as it was: the panels stayed mounted under the Sync panel, the scan field gets the focus again.
  const closeSync = () => {
    setSyncOpenFor(null);
    if (tab === 'sell') requestAnimationFrame(() => scanRef.current?.focus());
  };
  return (
    <Branded store={store} className="pos-app">
      <header className="pos-topbar">
        <span className="pos-logo" data-testid="store-logo">
          {store.branding.logoText}
        </span>
        <span className="pos-topbar-title" data-testid="store-name" title={store.name}>
          {store.name}
        </span>
        <span className={`pos-shift-badge ${shift ? 'is-open' : ''}`} data-testid="shift-badge">
          {setup.value ? (shift ? 'Shift open' : 'No shift open') : ''}
        </span>
        {sync && <SyncIndicator sync={sync} refresh={syncAsked} onOpen={mayOpenSync ? () => setSyncOpenFor(user.id) : undefined} />}
        <span className="pos-user" data-testid="user-name" title={`${user.display_name} (${user.role})`}>
          {user.display_name} <span className="pos-role">({user.role})</span>
        </span>
        <button
          type="button"
          className="button small pos-topbar-button"
          onClick={() => {
            setSwitchError(null);
            setSwitching(true);
          }}
        >
          Switch user
        </button>
        <button type="button" className="button small pos-topbar-button" onClick={onOpenBackups}>
          Backups
        </button>
        <button type="button" className="button small pos-topbar-button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      {syncOpen && sync && <SyncPanelScreen sync={sync} onClose={closeSync} onSessionExpired={onSessionExpired} onChanged={() => setSyncAsked((n) => n + 1)} />}
      <nav className="pos-tabs" aria-label="POS" hidden={syncOpen}>
        {tabs.map((t) => (
          <button key={t.id} type="button" className="pos-tab" aria-current={tab === t.id ? 'page' : undefined} onClick={() => setTab(t.id)}>
            {t.label}
            {t.id === 'sell' && cart.lines.length > 0 ? ` (${cart.lines.length})` : ''}
          </button>
        ))}
      </nav>
      <main className="pos-main" aria-label={TABS.find((t) => t.id === tab)?.label} hidden={syncOpen}>
        {tab === 'sell' && (
          <SellPanel
            pos={pos}
            receipts={receipts}
            cart={cart}
            onCart={setCart}
            scanRef={scanRef}
            onSessionExpired={onSessionExpired}
            onVehicle={partsFor}
            onSold={refresh}
          />
        )}
        {tab === 'products' && <ProductsPanel {...panel} vehicle={vehicle} onAdd={(p) => setCart((c) => addProduct(c, p.id))} />}
        {tab === 'customers' && <CustomersPanel {...panel} />}
        {tab === 'work-orders' && <WorkOrdersPanel pos={pos} receipts={receipts} setup={setup.value ?? null} onSessionExpired={onSessionExpired} />}
        {tab === 'returns' && <ReturnsPanel pos={pos} receipts={receipts} onSessionExpired={onSessionExpired} />}
        {tab === 'receipts' && <HistoryPanel pos={pos} receipts={receipts} onSessionExpired={onSessionExpired} />}
        {tab === 'gift-cards' && <GiftCardsPanel {...panel} />}
        {tab === 'shift' && <ShiftPanel pos={pos} onSessionExpired={onSessionExpired} onShiftChanged={refresh} />}
        {tab === 'staff' && <StaffPanel pos={pos} onSessionExpired={onSessionExpired} />}
      </main>
      {locked && !switching && (
        <LockScreen
          session={session}
          busy={unlockBusy}
          error={unlockError}
          onUnlock={(pin) => void unlock(pin)}
          onSomeoneElse={() => {
            setSwitchError(null);
            setSwitching(true);
          }}
        />
      )}
      {switching && (
        <PinDialog
          title="Switch user"
          submitLabel="Switch"
          users={setup.value?.users}
          error={switchError}
          busy={switchBusy}
          onCancel={() => setSwitching(false)}
          onSubmit={(input) => void switchUser(input)}
        >
          <p>{locked ? `${user.display_name}'s session is locked. ` : ''}The shift stays open; the next sales are rung up by the employee who signs in here.</p>
        </PinDialog>
      )}
    </Branded>
  );
}
