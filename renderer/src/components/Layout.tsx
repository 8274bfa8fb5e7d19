import type { ReactNode } from 'react';

/** The frame every screen shares: a fixed top bar and a centred panel sized for a 1024x768 till. */
export function Layout({ store, children, label }: { store: string | null; label: string; children: ReactNode }) {
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">POS Desktop</span>
        {store && <span className="store">{store}</span>}
      </header>
      <main className="screen" aria-label={label}>
        {children}
      </main>
    </div>
  );
}
