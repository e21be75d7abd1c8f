/** One server-sent event as a dashboard receives it. */
export interface ServerSentEvent {
  event: string;
  data: any;
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
  let buffer = '';
  const next = async (): Promise<ServerSentEvent> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        // `ready` and `heartbeat` are the stream's own bookkeeping, not news (test/live-updates.test.ts covers them).
        if (event && data && event !== 'ready' && event !== 'heartbeat') return { event, data: JSON.parse(data) };
        continue;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += value;
    }
  };
  return { response, next, close: () => controller.abort() };
}
