import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startApp } from '../../../electron/app/start';
import { Worker } from 'node:worker_threads';
import { MANIFEST_CHANNEL } from '../../../electron/ipc/contract';
import { threadWorker, type WorkerLike } from '../../../electron/worker/client';
import type { FaultyWorkerData } from './faulty-worker';
import type { ClockedWorkerData } from './clocked-worker';
import { distPath } from '../../app/support/build';
import { electronShim } from './electron-shim';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SCREENSHOTS = path.resolve(here, '../../../test-results/screenshots');
export const TILL = { width: 1024, height: 768 };

/**
 * Chromium cannot be given Electron's app:// scheme, so the page is served at
 * SERVED_ORIGIN (a secure origin, as app:// is registered) by the very handler startApp registered with protocol.handle
 * (same files, same headers, the CSP included), and the page's frame URLs are
 * translated back to app:// for the sender check.
 */
export const SERVED_ORIGIN = 'https://pos.app.test';
const asServedUrl = (url: string) => url.replace(/^app:\/\/pos\b/, SERVED_ORIGIN);
const asAppUrl = (url: string) => (url.startsWith(SERVED_ORIGIN) ? `app://pos${url.slice(SERVED_ORIGIN.length)}` : url);

/** Every request to SERVED_ORIGIN is answered by the app's app:// protocol handler, status, headers and body as it returns them. */
export async function serveAppScheme(page: Page, protocols: ReadonlyMap<string, (request: { url: string; method: string }) => Promise<Response>>) {
  const handler = protocols.get('app');
  if (!handler) throw new Error('startApp registered no app:// handler');
  await page.route(`${SERVED_ORIGIN}/**`, async (route) => {
    const request = route.request();
    const response = await handler({ url: asAppUrl(request.url()), method: request.method() });
    await route.fulfill({ status: response.status, headers: Object.fromEntries(response.headers.entries()), body: Buffer.from(await response.arrayBuffer()) });
  });
}

/** Debian's Chromium, headless. File access lets the page load from file:// as Electron's loadFile does. */
export function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      '--allow-file-access-from-files',
      ...extraArgs,
    ],
  });
}

const scripts = new Map<string, Promise<string>>();
/** A test worker (faulty-worker.ts, clocked-worker.ts), bundled like dist/electron/worker.cjs (better-sqlite3 external, found in the repo's node_modules). */
function testWorkerScript(name: 'faulty-worker' | 'clocked-worker'): Promise<string> {
  const known = scripts.get(name);
  if (known) return known;
  const made = (async () => {
    const out = path.resolve(here, '../../../test-results/e2e-workers', `${name}.${process.pid}.cjs`);
    await build({
      entryPoints: [path.join(here, `${name}.ts`)],
      outfile: out,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['better-sqlite3', 'electron'],
      logLevel: 'warning',
    });
    return out;
  })();
  scripts.set(name, made);
  return made;
}

async function clockedWorker(skew: SharedArrayBuffer) {
  const script = await testWorkerScript('clocked-worker');
  return (_script: string, config: ClockedWorkerData['config']) => (): WorkerLike =>
    new Worker(script, { workerData: { config, skew } satisfies ClockedWorkerData, stdout: false, stderr: false }) as unknown as WorkerLike;
}

async function faultyWorker(failFirstUpgradeAt: FaultyWorkerData['failFirstUpgradeAt']) {
  const script = await testWorkerScript('faulty-worker');
  return (_script: string, config: FaultyWorkerData['config']) => (): WorkerLike =>
    new Worker(script, { workerData: { config, failFirstUpgradeAt } satisfies FaultyWorkerData, stdout: false, stderr: false }) as unknown as WorkerLike;
}

let bridgeScript: Promise<string> | null = null;
/** The page-side bridge, bundled for the browser: the same buildPosApi and contracts as the preload. */
function pageBridge(): Promise<string> {
  bridgeScript ??= build({
    entryPoints: [path.join(here, 'page-bridge.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'warning',
  }).then((r) => r.outputFiles[0]?.text ?? '');
  return bridgeScript;
}

export interface OpenAppOptions {
  userData: string;
  argv?: string[];
  /** Start the app on a worker whose first upgrade fails at this migration step (faulty-worker.ts), instead of the real worker. */
  failFirstUpgradeAt?: FaultyWorkerData['failFirstUpgradeAt'];
  /** Start the app on the real worker with a clock the test moves (clocked-worker.ts): a Float64Array over a SharedArrayBuffer, the ms added to the time. */
  workerClockSkew?: Float64Array;
  /** Awaited after each event reaches the page and before anything else does: a test can look at an exact moment. */
  afterEvent?: (channel: string, payload: unknown) => Promise<void> | void;
  /** Runs before the page loads (e.g. page.addInitScript for a recorder). */
  beforeLoad?: (page: Page) => Promise<void>;
}

export interface E2eApp {
  page: Page;
  /** What the app put on the clipboard. */
  clipboard: string[];
  /** Every print the app asked Electron for. */
  prints: unknown[];
  userData: string;
  quitCount(): number;
  /** Every event the main process sent to the page, in order. */
  events: { channel: string; payload: unknown }[];
  /** Console errors, page errors and CSP violations: a passing test leaves this empty. */
  problems: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The app as it runs in Electron, minus Electron: the real startApp (main
 * process), IPC handlers with zod and the sender check, the DbClient and the
 * bundled database worker on a real userData folder, and the built renderer in
 * Chromium. Events and call results reach the page through one ordered queue,
 * as they share one pipe in Electron.
 */
export async function openApp(browser: Browser, options: OpenAppOptions): Promise<E2eApp> {
  const page = await browser.newPage({ viewport: TILL });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

  let queue: Promise<unknown> = Promise.resolve();
  const deliver = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => {});
    return next;
  };
  const events: E2eApp['events'] = [];
  const shim = electronShim(
    options.userData,
    (channel, payload) => {
      events.push({ channel, payload });
      void deliver(async () => {
        await page
          .evaluate(([c, p]) => (window as unknown as { __posEmit(c: string, p: unknown): void }).__posEmit(c, p), [channel, payload] as const)
          .catch(() => {});
        await options.afterEvent?.(channel, payload);
      });
    },
    {
      // printToPDF as Electron does it: the page in print media (the receipt alone, by its print styles), on 80 mm paper.
      pdf: () => page.pdf({ width: '80mm', height: '297mm', printBackground: true, margin: { top: '0', bottom: '0', left: '0', right: '0' } }),
    },
  );

  const running = await startApp(shim.electron, {
    bundleDir: distPath('electron'),
    argv: options.argv ?? [],
    env: {},
    spawnWorker: options.failFirstUpgradeAt
      ? await faultyWorker(options.failFirstUpgradeAt)
      : options.workerClockSkew
        ? await clockedWorker(options.workerClockSkew.buffer as SharedArrayBuffer)
        : (script, config) => threadWorker(script, config),
    log: () => {},
  });
  if (!running) throw new Error('startApp refused to start');

  await page.exposeBinding('__posInvoke', async (source, channel: string, input: unknown) => {
    const handler = shim.handlers.get(channel);
    if (!handler) throw new Error(`no IPC handler for ${channel}`);
    const frame = source.frame;
    const parent = frame.parentFrame();
    const result = await handler({ senderFrame: { url: asAppUrl(frame.url()), parent: parent ? { url: asAppUrl(parent.url()), parent: null } : null } }, input);
    return deliver(async () => result);
  });
  const loaded = shim.loaded[0];
  if (!loaded) throw new Error('startApp did not load a page');
  const manifest = shim.sendSync(MANIFEST_CHANNEL, loaded);
  await page.addInitScript({ content: `window.__posManifest = ${JSON.stringify(manifest)};\n${await pageBridge()}` });
  await serveAppScheme(page, shim.protocols);
  await options.beforeLoad?.(page);
  await page.goto(asServedUrl(loaded));

  return {
    page,
    clipboard: shim.clipboard,
    prints: shim.prints,
    userData: options.userData,
    quitCount: shim.quitCount,
    events,
    problems,
    async screenshot(name) {
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      const file = path.join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    async close() {
      await page.close();
      await running.client.close();
    },
  };
}
