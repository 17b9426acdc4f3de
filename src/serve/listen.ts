/** Listening on 127.0.0.1 the way kube-sim's servers (serve, ui) do: malformed requests answered, never thrown. */
import type { Server } from 'node:http';

/** Answer malformed requests with 400, listen on 127.0.0.1:`port` (0: any free one); resolves with the port. */
export async function listenOnLoopback(server: Server, port: number): Promise<number> {
  // Malformed requests and resets: answer 400 where the socket still can, never throw.
  server.on('clientError', (_e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined);
  const addr = server.address();
  return typeof addr === 'object' && addr ? addr.port : port;
}
