import type { ReactNode } from 'react';

/** The frame every screen shares: a fixed top bar and a centred panel sized for a 1024x768 till. */
/** `fill`: the screen takes the window's whole height (a list that grows with it), instead of its content's. */
export function Layout({ store, children, label, fill = false }: { store: string | null; label: string; fill?: boolean; children: ReactNode }) {
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">POS Desktop</span>
        {store && <span className="store">{store}</span>}
      </header>
      <main className={fill ? 'screen screen-fill' : 'screen'} aria-label={label}>
        {children}
      </main>
    </div>
  );
}
