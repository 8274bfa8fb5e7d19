import { useState } from 'react';
import { Branded } from './Branded';
import { CustomersPanel } from './CustomersPanel';
import { GiftCardsPanel } from './GiftCardsPanel';
import { ProductsPanel } from './ProductsPanel';
import type { PosCalls, SignedInView } from './types';
import { WorkOrdersPanel } from './WorkOrdersPanel';

const TABS = [
  { id: 'products', label: 'Products' },
  { id: 'customers', label: 'Customers' },
  { id: 'work-orders', label: 'Work orders' },
  { id: 'gift-cards', label: 'Gift cards' },
] as const;
type Tab = (typeof TABS)[number]['id'];

interface Props {
  pos: PosCalls;
  session: SignedInView;
  onSignOut(): void;
  onSessionExpired(): void;
  onOpenBackups(): void;
}

/** The signed-in till: the store's name, logo and colours on top, one panel at a time below. */
export function PosShell({ pos, session, onSignOut, onSessionExpired, onOpenBackups }: Props) {
  const [tab, setTab] = useState<Tab>('products');
  const { store, user } = session;
  const panel = { pos, store, onSessionExpired };
  return (
    <Branded store={store} className="pos-app">
      <header className="pos-topbar">
        <span className="pos-logo" data-testid="store-logo">
          {store.branding.logoText}
        </span>
        <span className="pos-topbar-title" data-testid="store-name">
          {store.name}
        </span>
        <span className="pos-user">
          {user.display_name} <span className="pos-role">({user.role})</span>
        </span>
        <button type="button" className="button small pos-topbar-button" onClick={onOpenBackups}>
          Backups
        </button>
        <button type="button" className="button small pos-topbar-button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <nav className="pos-tabs" aria-label="POS">
        {TABS.map((t) => (
          <button key={t.id} type="button" className="pos-tab" aria-current={tab === t.id ? 'page' : undefined} onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
      </nav>
      <main className="pos-main" aria-label={TABS.find((t) => t.id === tab)?.label}>
        {tab === 'products' && <ProductsPanel {...panel} />}
        {tab === 'customers' && <CustomersPanel {...panel} />}
        {tab === 'work-orders' && <WorkOrdersPanel {...panel} />}
        {tab === 'gift-cards' && <GiftCardsPanel {...panel} />}
      </main>
    </Branded>
  );
}
