import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { ensureBuilt } from '../../app/support/build';
import { tempDir } from '../../helpers';
import { launchBrowser } from './app';

/** A Chromium launched before a file's tests and closed after them; `browser` throws outside a test, where none runs yet. */
export interface LaunchedBrowser {
  readonly browser: Browser;
}

/** One Chromium for the file's tests (e.g. with Chromium switches of its own): launched in beforeAll, closed in afterAll. */
export function useBrowser(extraArgs: readonly string[] = []): LaunchedBrowser {
  let launched: Browser | undefined;
  beforeAll(async () => {
    launched = await launchBrowser(extraArgs);
  }, 60_000);
  afterAll(() => launched?.close());
  return {
    get browser() {
      if (!launched) throw new Error('The e2e browser is not launched yet: use it inside a test or a later beforeAll');
      return launched;
    },
  };
}

export interface E2eBrowser extends LaunchedBrowser {
  /** A temp folder for the file's userData folders and fixtures, removed after its tests. */
  readonly dir: string;
}

/**
 * What every e2e file starts with: a temp folder named by `prefix`, dist/ built
 * (node and renderer) when a source is newer, and one Chromium for its tests.
 * Hooks a file registers after this run after the build and the launch.
 */
export function useE2eBrowser(prefix: string, extraArgs: readonly string[] = []): E2eBrowser {
  const dir = tempDir(prefix);
  beforeAll(() => ensureBuilt('node', 'renderer'), 180_000);
  const launched = useBrowser(extraArgs);
  return {
    dir,
    get browser() {
      return launched.browser;
    },
  };
}
