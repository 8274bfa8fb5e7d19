import type { Page } from 'playwright-core';

/** One look at the Upgrade screen, taken by a MutationObserver in the page every time it changes. */
export interface UpgradeSample {
  value: number | null;
  /** The label of the step shown as running. */
  activeStep: string;
  /** "Now": what is happening, in staff words. */
  now: string;
  /** Every word the screen shows (its main region). */
  text: string;
  running: boolean;
  /** Where the fixed boxes are: they must not move while progress updates. */
  rects: Record<string, { top: number; height: number }>;
}

/** Installs the recorder before the app loads; read the samples with readSamples. */
export async function recordUpgradeScreen(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const samples: unknown[] = [];
    (window as unknown as { __samples: unknown[] }).__samples = samples;
    const look = () => {
      const progress = document.querySelector('.progress-panel progress') as HTMLProgressElement | null;
      if (!progress) return;
      const rect = (sel: string) => {
        const r = document.querySelector(sel)?.getBoundingClientRect();
        return r ? { top: r.top, height: r.height } : { top: -1, height: -1 };
      };
      samples.push({
        value: progress.hasAttribute('value') ? progress.value : null,
        activeStep: document.querySelector('.step-active .step-label')?.textContent ?? '',
        now: document.querySelector('[data-testid="upgrade-step"]')?.textContent ?? '',
        text: (document.querySelector('main') as HTMLElement | null)?.innerText ?? '',
        running: !document.querySelector('.outcome .panel'),
        rects: { steps: rect('.steps'), progress: rect('.progress-panel'), outcome: rect('.outcome') },
      });
    };
    new MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

export const readSamples = (page: Page) => page.evaluate(() => (window as unknown as { __samples: UpgradeSample[] }).__samples);
