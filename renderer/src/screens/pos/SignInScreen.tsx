import { useEffect, useState, type FormEvent } from 'react';
import { useFocusOnMount } from '../../components/useFocusOnMount';
import type { ErrorInfo } from '../../pos';
import { Branded } from './Branded';
import { ErrorLine } from './ErrorLine';
import type { PosCalls, SignedInView, Store } from './types';

interface Props {
  pos: PosCalls;
  /** The store chosen last time on this till (sign out keeps it, so switching is one click away). */
  lastStoreId: string | null;
  notice: string | null;
  onSignedIn(view: SignedInView): void;
  onOpenBackups(): void;
}

/** Choose the store, then username and PIN. The store chosen here is the only tenant the page ever names. */
export function SignInScreen({ pos, lastStoreId, notice, onSignedIn, onOpenBackups }: Props) {
  const [stores, setStores] = useState<Store[] | null>(null);
  const [storeId, setStoreId] = useState<string | null>(lastStoreId);
  const [username, setUsername] = useState('');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const heading = useFocusOnMount<HTMLHeadingElement>();

  useEffect(() => {
    void pos.stores().then((o) => {
      if (!o.ok) return setError(o.error);
      setStores(o.value);
      setStoreId((id) => id ?? o.value[0]?.id ?? null);
    });
  }, [pos]);

  const store = stores?.find((s) => s.id === storeId) ?? stores?.[0] ?? null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!store) return;
    setBusy(true);
    setError(null);
    const o = await pos.signIn({ storeId: store.id, username, pin });
    setBusy(false);
    setPin('');
    if (o.ok) onSignedIn(o.value);
    else setError(o.error);
  };

  if (!stores || !store) {
    return (
      <div className="pos-app pos-plain">
        <p role="status">{error ? error.message : 'Loading stores…'}</p>
      </div>
    );
  }

  return (
    <Branded store={store} className="pos-app pos-signin">
      <header className="pos-topbar">
        <span className="pos-logo" aria-hidden="true">
          {store.branding.logoText}
        </span>
        <span className="pos-topbar-title">Sign in</span>
      </header>
      <main className="pos-signin-main" aria-label="Sign in">
        <h1 ref={heading} tabIndex={-1} className="pos-heading">
          {store.name}
        </h1>
        {notice && (
          <p className="pos-notice" role="status">
            {notice}
          </p>
        )}
        <form className="pos-signin-form" onSubmit={(e) => void submit(e)}>
          <fieldset className="pos-stores">
            <legend>Store</legend>
            {stores.map((s) => (
              <label key={s.id} className={`pos-store-choice${s.id === store.id ? ' is-chosen' : ''}`}>
                <input type="radio" name="store" value={s.id} checked={s.id === store.id} onChange={() => setStoreId(s.id)} />
                <Branded store={s} className="pos-store-card">
                  <span className="pos-store-logo">{s.branding.logoText}</span>
                  <span className="pos-store-name">{s.name}</span>
                </Branded>
              </label>
            ))}
          </fieldset>
          <div className="pos-fields">
            <label className="pos-field">
              <span>Username</span>
              <input
                name="username"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                required
                value={username}
                onChange={(e) => setUsername(e.target.value)}
              />
            </label>
            <label className="pos-field">
              <span>PIN</span>
              <input
                name="pin"
                type="password"
                inputMode="numeric"
                autoComplete="current-password"
                pattern="\d{4,8}"
                maxLength={8}
                required
                value={pin}
                onChange={(e) => setPin(e.target.value)}
              />
            </label>
            <button type="submit" className="button pos-primary" disabled={busy}>
              {busy ? 'Signing in…' : `Sign in to ${store.name}`}
            </button>
          </div>
          <ErrorLine error={error} />
          {store.demo && (
            <p className="pos-hint" data-testid="demo-hint">
              Demo store: username admin, PIN 1234.
            </p>
          )}
        </form>
      </main>
      <footer className="pos-footer">
        <button type="button" className="button small" onClick={onOpenBackups}>
          Backups
        </button>
      </footer>
    </Branded>
  );
}
