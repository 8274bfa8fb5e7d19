/** The parts of Electron's WebFrameMain the sender check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
}

export interface InvokeEventLike {
  readonly senderFrame: FrameLike | null;
}

const withoutHash = (url: string): string | null => {
  try {
    const u = new URL(url);
    u.hash = '';
    u.search = '';
    return u.href;
  } catch {
    return null;
  }
};

/**
 * Only our own page, in the top frame, may call the main process: not an
 * iframe, not a page the window was somehow navigated to, not a destroyed frame.
 */
export function trustedSender(pageUrl: string): (event: InvokeEventLike) => boolean {
  const expected = withoutHash(pageUrl);
  if (!expected) throw new Error(`trustedSender: not a URL: ${pageUrl}`);
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    return withoutHash(frame.url) === expected;
  };
}
