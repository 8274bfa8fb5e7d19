import { useEffect, useRef } from 'react';

/**
 * Moves keyboard focus to the element when it mounts (a screen's heading), so
 * keyboard and screen-reader users start on the new screen, not on a button of
 * the old one.
 */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
