// Electron's entry (bundled to dist/electron/main.cjs). Everything it does lives in electron/app/start.ts.
import * as electron from 'electron';
import { startApp } from './app/start';

startApp(electron, { bundleDir: __dirname, argv: process.argv, env: process.env }).catch((err: Error) => {
  console.error(`POS Desktop could not start: ${err.stack ?? err.message}`);
  electron.app.exit(1);
});
