import { describe, expect, it, vi } from 'vitest';

const startApp = vi.fn();
vi.mock('electron', async () => (await import('./support/fake-electron')).electron);
vi.mock('../../electron/app/start', () => ({ startApp }));

describe('electron/main.ts', () => {
  it('starts the app with the real electron module, its own folder, argv and env; a start failure exits 1', async () => {
    const { app } = await import('./support/fake-electron');
    startApp.mockRejectedValueOnce(new Error('no display'));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    await import('../../electron/main');
    expect(startApp).toHaveBeenCalledTimes(1);
    const [electron, options] = startApp.mock.calls[0] as [{ app: unknown }, { bundleDir: string; argv: string[]; env: unknown }];
    expect(electron.app).toBe(app);
    expect(options.argv).toBe(process.argv);
    expect(options.env).toBe(process.env);
    expect(typeof options.bundleDir).toBe('string');
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(1));
    expect(errors.mock.calls[0]?.[0]).toMatch(/POS Desktop could not start: .*no display/s);
  });
});
