/** One server-sent event as the stream gave it. */
export interface StreamEvent {
  event: string;
  id: string | undefined;
  data: string;
}

/**
 * Reads a `text/event-stream` body (the WHATWG format: `field: value` lines, a blank line ends an
 * event, `:` starts a comment) and calls `onEvent` for each event, until the body ends or fails.
 * Ours rather than EventSource's: EventSource cannot send the token in a header, hides the
 * status of a refused connection, and retries on its own schedule.
 */
export async function readEventStream(body: ReadableStream<Uint8Array>, onEvent: (event: StreamEvent) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  let event = { event: 'message', id: undefined as string | undefined, data: [] as string[] };
  const line = (text: string) => {
    if (text === '') {
      if (event.data.length > 0) onEvent({ event: event.event, id: event.id, data: event.data.join('\n') });
      event = { event: 'message', id: event.id, data: [] };
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    const value = colon < 0 ? '' : text.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event.event = value;
    else if (field === 'data') event.data.push(value);
    else if (field === 'id') event.id = value;
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    pending += decoder.decode(value, { stream: true });
    const lines = pending.split('\n');
    // The last piece may be half a line.
    pending = lines.pop() ?? '';
    for (const text of lines) line(text.replace(/\r$/, ''));
  }
}
