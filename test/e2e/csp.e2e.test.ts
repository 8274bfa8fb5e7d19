import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { distPath } from '../app/support/build';
import { openApp, SERVED_ORIGIN } from './harness/app';
import { useBrowser, useE2eBrowser } from './harness/use-browser';

/**
 * Issue 11 item 5: with the page on file://, `script-src 'self'` admitted any
 * script on the disk. The app now serves the page from app://pos through its
 * protocol handler with the CSP header; here that handler serves the page in
 * Chromium (harness: serveAppScheme), and a script from another local folder
 * is refused by the CSP itself (a securitypolicyviolation), as is a path that
 * climbs out of dist/renderer (the handler answers 404).
 *
 * Chromium (and Electron with webSecurity) also refuses a local file to a page
 * of another origin by a rule of its own, which it applies before the CSP. So
 * the policy is tested in a browser started with that rule relaxed
 * (--disable-web-security), where the CSP is asked first: it refuses the script
 * and reports it, while a page of the same origin without the policy (the
 * control) gets no report.
 */
const e2e = useE2eBrowser('pos-e2e-csp-');
const relaxedBrowser = useBrowser(['--disable-web-security']);
const { dir } = e2e;
const otherFolder = path.join(dir, 'elsewhere');
const evil = path.join(otherFolder, 'evil.js');

beforeAll(() => {
  fs.mkdirSync(otherFolder);
  fs.writeFileSync(evil, 'window.__evilRan = true;\n');
});

interface Attempt {
  ran: boolean;
  loaded: boolean;
  violations: { blockedURI: string; directive: string }[];
}

/** Adds a <script src> to the page as an injected tag would, and reports whether it ran and what the CSP said. */
function tryScript(page: Page, src: string): Promise<Attempt> {
  return page.evaluate(
    (src) =>
      new Promise<Attempt>((resolve) => {
        const violations: Attempt['violations'] = [];
        document.addEventListener('securitypolicyviolation', (e) => violations.push({ blockedURI: e.blockedURI, directive: e.effectiveDirective }));
        const w = window as unknown as { __evilRan?: boolean };
        delete w.__evilRan;
        const s = document.createElement('script');
        const done = (loaded: boolean) => setTimeout(() => resolve({ ran: w.__evilRan === true, loaded, violations }), 100);
        s.onload = () => done(true);
        s.onerror = () => done(false);
        s.src = src;
        document.body.append(s);
      }),
    src,
  );
}

describe('the Content-Security-Policy of the page', () => {
  it('on file:// as before, the old policy let a script from another local folder run (the hole)', async () => {
    const page = await e2e.browser.newPage();
    try {
      await page.goto(pathToFileURL(distPath('renderer', 'index.html')).href);
      const attempt = await tryScript(page, pathToFileURL(evil).href);
      expect(attempt).toMatchObject({ ran: true, loaded: true, violations: [] });
    } finally {
      await page.close();
    }
  });

  it('served by the app:// handler, the CSP refuses a script from another local folder, and the handler refuses a path out of the renderer', async () => {
    const userData = path.join(dir, 'app');
    fs.mkdirSync(userData);
    const app = await openApp(relaxedBrowser.browser, { userData });
    try {
      const { page } = app;
      await page.getByRole('heading').first().waitFor();
      expect(page.url().startsWith(SERVED_ORIGIN)).toBe(true);

      const fromDisk = await tryScript(page, pathToFileURL(evil).href);
      expect(fromDisk.ran).toBe(false);
      // Refused by the policy (the header's, and the page's meta copy reports it too).
      expect(fromDisk.violations.length).toBeGreaterThan(0);
      expect(new Set(fromDisk.violations.map((v) => JSON.stringify(v)))).toEqual(
        new Set([JSON.stringify({ blockedURI: 'file', directive: 'script-src-elem' })]),
      );

      // A copy of the script one folder above dist/renderer (inside the app bundle) is out of reach too: 404 from the handler.
      const besideRenderer = distPath('evil-beside-renderer.js');
      fs.copyFileSync(evil, besideRenderer);
      try {
        for (const src of [`${SERVED_ORIGIN}/%2e%2e/evil-beside-renderer.js`, `${SERVED_ORIGIN}/..%2fevil-beside-renderer.js`]) {
          const attempt = await tryScript(page, src);
          expect([src, attempt.ran, attempt.loaded]).toEqual([src, false, false]);
        }
      } finally {
        fs.rmSync(besideRenderer, { force: true });
      }
      // Only the injected tags were refused (the CSP reports and the two 404s); the page itself needs nothing the policy refuses.
      expect(app.problems.filter((p) => !p.includes('evil'))).toEqual(
        Array(2).fill('console: Failed to load resource: the server responded with a status of 404 (Not Found)'),
      );
    } finally {
      await app.close();
    }
  });
});

describe('the control: a page of the same origin without the policy', () => {
  it('gets no CSP report for the same script: the refusal above is the policy', async () => {
    const page = await relaxedBrowser.browser.newPage();
    try {
      await page.route(`${SERVED_ORIGIN}/**`, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>c</title><body></body>' }),
      );
      await page.goto(`${SERVED_ORIGIN}/control.html`);
      expect(await tryScript(page, pathToFileURL(evil).href)).toEqual({ ran: false, loaded: false, violations: [] });
    } finally {
      await page.close();
    }
  });
});
