/**
 * The contract over one WebSocket: binary frames (`src-shared/ipc/framing`) carrying
 * `{id, method, args}` requests, answered with `{id, result}`, and `{event, payload}` pushed for
 * every backend event while the socket is open. Text frames and malformed frames close the socket;
 * a well-formed request for an unknown member or with a bad payload gets a failed `IpcResult`.
 */
import type { WebSocket } from 'ws';
import { makeDiagnostic } from '../../src-shared/diagnostics';
import {
  decodeFrame,
  encodeFrame,
  ipcFail,
  isRequestMember,
  wireRequestSchema,
  type SpikeForgeBackend,
  type SpikeForgeRequests,
  type WireEvent,
  type WireResponse,
} from '../../src-shared/ipc';
import { dispatchRequest, forwardEvents } from '../ipc';

/** WebSocket close code for a message the protocol cannot accept (RFC 6455 §7.4.1). */
const CLOSE_UNACCEPTABLE = 1003;

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

/** Serves the contract on `socket` until it closes. */
export function attachSocketSession(socket: WebSocket, backend: SpikeForgeBackend, handlers: SpikeForgeRequests): void {
  const send = (message: WireResponse | WireEvent): void => {
    if (socket.readyState !== socket.OPEN) return;
    let frame: Uint8Array;
    try {
      frame = encodeFrame(message);
    } catch (error) {
      // A backend value that is not plain data is a bug; the caller still gets an answer.
      const detail = error instanceof Error ? error.message : String(error);
      if (!('id' in message)) return;
      frame = encodeFrame({ id: message.id, result: ipcFail([makeDiagnostic('SF8005', { message: `the result could not be sent: ${detail}` })]) });
    }
    socket.send(frame);
  };
  const stopEvents = forwardEvents(backend, (event, payload) => send({ event, payload }));
  socket.on('close', stopEvents);
  socket.on('error', () => socket.terminate());
  socket.on('message', (data, isBinary) => {
    if (!isBinary) {
      socket.close(CLOSE_UNACCEPTABLE, 'binary frames only');
      return;
    }
    const decoded = decodeFrame(toBytes(data));
    const request = decoded.ok ? wireRequestSchema.safeParse(decoded.value) : undefined;
    if (request === undefined || !request.success) {
      socket.close(CLOSE_UNACCEPTABLE, 'malformed request');
      return;
    }
    const { id, method, args } = request.data;
    if (!isRequestMember(method)) {
      send({ id, result: ipcFail([makeDiagnostic('SF8006', { detail: `unknown method "${method}"` })]) });
      return;
    }
    void dispatchRequest(handlers, method, args).then((result) => send({ id, result }));
  });
}
