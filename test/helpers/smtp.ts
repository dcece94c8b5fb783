// A real SMTP server in the test process (smtp-server): it receives what
// the report sends, and the test reads it back with mailparser.
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface Received {
  from: string;
  to: string[];
  raw: Buffer;
  mail: ParsedMail;
}

export interface TestSmtp {
  port: number;
  received: Received[];
  close(): Promise<void>;
}

/** `reject`: an SMTP reply the server gives to every RCPT TO, e.g. "550 5.1.1 mailbox unavailable". */
export async function startSmtp(opts: { reject?: { code: number; message: string }; user?: { name: string; password: string } } = {}): Promise<TestSmtp> {
  const received: Received[] = [];
  const server = new SMTPServer({
    disabledCommands: opts.user ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !opts.user,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (opts.user && auth.username === opts.user.name && auth.password === opts.user.password) cb(null, { user: auth.username });
      else cb(Object.assign(new Error('535 5.7.8 authentication failed'), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, cb) {
      if (opts.reject) cb(Object.assign(new Error(opts.reject.message), { responseCode: opts.reject.code }));
      else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          mail: await simpleParser(raw, { keepCidLinks: true }),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
