// The transport reads every body whole (so a stalled body counts against the request timeout) and hands the SDK a
// new Response built from that text. Reading that Response again would encode and decode each page once more: for a
// million-user scan, seconds of CPU. The text is kept beside the Response instead.
const texts = new WeakMap<Response, string>();

/** Remembers the text a response was built from. */
export function rememberBodyText(res: Response, text: string): void {
  texts.set(res, text);
}

/** The body of a response as text: the text the transport read, or read now if it read none. */
export function bodyText(res: Response): Promise<string> {
  const known = texts.get(res);
  return known !== undefined ? Promise.resolve(known) : res.text();
}
