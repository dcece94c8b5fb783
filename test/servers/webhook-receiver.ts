// A webhook receiver on 127.0.0.1 that checks X-Driftgraph-Signature
// (sha256=<hex HMAC of the raw body>) with its secret in constant time,
// refuses a bad or missing one with 401, and keeps what it accepted.
// Faults: the next N posts answered with a status (429 with Retry-After, 5xx).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookReceiver {
  url: string;
  received: { headers: Record<string, string | string[] | undefined>; body: any }[];
  rejected: number;
  faults: { status: number; times: number }[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(secret: string | null): Promise<WebhookReceiver> {
  const state: WebhookReceiver = { url: '', received: [], rejected: 0, faults: [], close: async () => {} };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const fault = state.faults.find((f) => f.times > 0);
      if (fault) {
        fault.times--;
        res.writeHead(fault.status, fault.status === 429 ? { 'retry-after': '1' } : {});
        return res.end();
      }
      if (secret !== null) {
        const sent = String(req.headers['x-driftgraph-signature'] ?? '');
        const want = 'sha256=' + createHmac('sha256', secret).update(raw).digest('hex');
        if (sent.length !== want.length || !timingSafeEqual(Buffer.from(sent), Buffer.from(want))) {
          state.rejected++;
          res.writeHead(401);
          return res.end();
        }
      }
      state.received.push({ headers: req.headers, body: JSON.parse(raw.toString('utf8')) });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  state.close = () => new Promise((r) => server.close(() => r()));
  return state;
}
