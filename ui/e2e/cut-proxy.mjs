// A TCP proxy on 127.0.0.1 in front of the test's PostgreSQL server, for one replica: `cut()`
// drops its open connections and refuses new ones (as a network that went away: the server
// itself runs on for the others), `restore()` lets them through again.
import { connect, createServer } from 'node:net';

/** Starts a proxy to `127.0.0.1:targetPort`; resolves with its `port`, `cut`, `restore`, `close`. */
export async function startCutProxy(targetPort) {
  let open = true;
  const sockets = new Set();
  const server = createServer((client) => {
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', end);
      socket.on('close', end);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: server.address().port,
    cut() {
      open = false;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    restore() {
      open = true;
    },
    close() {
      this.cut();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
