import net from 'node:net';

/**
 * A TCP proxy a test can cut and restore in front of PostgreSQL or Redis: `break()` resets every
 * open connection and refuses new ones (as if the server died), `restore()` lets them through
 * again. The shared servers themselves are never touched.
 */
export interface TcpProxy {
  readonly port: number;
  readonly broken: boolean;
  break(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let broken = false;
  const server = net.createServer((client) => {
    if (broken) return void client.resetAndDestroy();
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    get broken() {
      return broken;
    },
    break() {
      broken = true;
      for (const s of sockets) s.resetAndDestroy();
    },
    restore() {
      broken = false;
    },
    async close() {
      broken = true;
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A TCP port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
