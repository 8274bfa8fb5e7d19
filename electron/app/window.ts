import type { BrowserWindowConstructorOptions, WebContents } from 'electron';

/** 1024x768 is the common till screen: the window opens at it and never gets smaller. */
export const TILL_SIZE = { width: 1024, height: 768 } as const;

export function mainWindowOptions(preload: string, devTools: boolean): BrowserWindowConstructorOptions {
  return {
    ...TILL_SIZE,
    minWidth: TILL_SIZE.width,
    minHeight: TILL_SIZE.height,
    show: false,
    title: 'POS Desktop',
    backgroundColor: '#f3f4f6',
    autoHideMenuBar: true,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools,
    },
  };
}

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * The page is a single-page app loaded from the bundle: it never navigates,
 * never opens windows and never embeds webviews, so all three are refused for
 * every web contents the app creates.
 */
export function lockDownContents(contents: GuardedContents, log: (line: string) => void = () => {}): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    log(`blocked navigation to ${url}`);
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    log(`blocked redirect to ${url}`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('blocked a webview');
  });
  contents.setWindowOpenHandler(({ url }) => {
    log(`blocked a new window for ${url}`);
    return { action: 'deny' };
  });
}
