import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * Puts a test server on a free loopback port. `close` ends open connections too (keep-alive and
 * streams that never finish), so a test never waits on a client that went away.
 */
export async function listenLocally(server: Server): Promise<{ origin: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
