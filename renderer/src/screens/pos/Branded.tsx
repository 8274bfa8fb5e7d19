import { useLayoutEffect, useRef, type ReactNode } from 'react';
import type { Store } from './types';

/**
 * A subtree in a store's colours. The colours become CSS variables set through
 * the CSSOM, which the page's strict Content-Security-Policy allows (no inline
 * style attributes, no generated stylesheet).
 */
export function Branded({ store, className, children }: { store: Store; className: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = store.branding.colors;
    el.style.setProperty('--brand-primary', c.primary);
    el.style.setProperty('--brand-on-primary', c.onPrimary);
    el.style.setProperty('--brand-accent', c.accent);
    el.style.setProperty('--brand-background', c.background);
    el.style.setProperty('--brand-text', c.text);
  }, [store]);
  return (
    <div ref={ref} className={className} data-store={store.id}>
      {children}
    </div>
  );
}
