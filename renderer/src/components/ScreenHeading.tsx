import type { ReactNode } from 'react';
import { useFocusOnMount } from './useFocusOnMount';

/** Every screen's h1: focused on arrival, announced by screen readers. */
export function ScreenHeading({ children }: { children: ReactNode }) {
  const ref = useFocusOnMount<HTMLHeadingElement>();
  return (
    <h1 ref={ref} tabIndex={-1} className="screen-heading">
      {children}
    </h1>
  );
}
