/** One server-sent event as a dashboard receives it. */
export interface ServerSentEvent {
  event: string;
  id: string | undefined;
  data: any;
}

/**
 * Reads server-sent events from a response's text chunks: `next` resolves with each event as it comes
 * (rejects with "stream ended" once the response is over); `remainder` is the unread rest of the text.
 */
export function readServerSentEvents(chunks: { next(): Promise<{ done?: boolean; value?: string }> }) {
  let buffer = '';
  const next = async (): Promise<ServerSentEvent> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) return { event, id: /^id: (.*)$/m.exec(block)?.[1], data: JSON.parse(data) };
        continue;
      }
      const { value, done } = await chunks.next();
      if (done) throw new Error('stream ended');
      buffer += value ?? '';
    }
  };
  const remainder = async (): Promise<string> => {
    let text = buffer;
    for (let chunk = await chunks.next(); !chunk.done; chunk = await chunks.next()) text += chunk.value ?? '';
    return text;
  };
  return { next, remainder };
}

/**
 * Opens a clinic's live stream on the real port (not `inject`: the stream never ends by itself)
 * and reads it event by event; `next` rejects with "stream ended" once the server closes it.
 */
export async function openEventStream(baseUrl: string, clinicId: number, token: string) {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/api/v1/call-logs/by-clinic/${clinicId}/stream?access_token=${token}`, {
    signal: controller.signal,
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events = readServerSentEvents({ next: () => reader.read() });
  const next = async (): Promise<ServerSentEvent> => {
    for (;;) {
      const event = await events.next();
      // `ready` and `heartbeat` are the stream's own bookkeeping, not news (test/live-updates.test.ts covers them).
      if (event.event !== 'ready' && event.event !== 'heartbeat') return event;
    }
  };
  /** The next event whatever it is, `ready` and `heartbeat` included. */
  const nextEvent = () => events.next();
  return { response, next, nextEvent, close: () => controller.abort() };
}
