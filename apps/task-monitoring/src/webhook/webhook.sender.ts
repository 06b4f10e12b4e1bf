import { LookupAddress, lookup as dnsLookup } from 'node:dns';
import { request as httpRequest, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { isBlockedAddress, signPayload } from './webhook.rules';

export type SendResult =
  | { kind: 'delivered'; statusCode: number }
  | { kind: 'http_error'; statusCode: number }
  | { kind: 'network_error'; error: string }
  | { kind: 'refused'; error: string };

export type SendOptions = { secret: string; allowPrivate: boolean; timeoutMs: number };

export class BlockedAddressError extends Error {
  constructor(host: string, address: string) {
    super(`${host} resolves to ${address}, a private, loopback or reserved address`);
  }
}

/**
 * Resolves like the system does, but refuses the connection when any address of the name is private:
 * checking here, on the address actually connected to, closes the DNS-rebinding gap of a check done
 * before the request.
 */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const blocked = allowPrivate ? undefined : addresses.find((a) => isBlockedAddress(a.address));
      if (blocked) return callback(new BlockedAddressError(hostname, blocked.address), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** One signed POST of an alert event; redirects are not followed. */
export function sendWebhook(target: string, event: string, deliveryId: number, body: string, options: SendOptions): Promise<SendResult> {
  const url = new URL(target);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivate && isIP(host) && isBlockedAddress(host)) {
    return Promise.resolve({ kind: 'refused', error: `${host} is a private, loopback or reserved address` });
  }
  const timestamp = Math.floor(Date.now() / 1000);
  const requestOptions: RequestOptions = {
    method: 'POST',
    lookup: guardedLookup(options.allowPrivate),
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body, 'utf8'),
      'user-agent': 'megahub-task-monitoring/1.0',
      'x-megahub-event': event,
      'x-megahub-delivery': String(deliveryId),
      'x-megahub-timestamp': String(timestamp),
      'x-megahub-signature': signPayload(options.secret, timestamp, body),
    },
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = send(url, requestOptions, (res) => {
      res.resume(); // the answer's body is not needed
      const statusCode = res.statusCode ?? 0;
      resolve(statusCode >= 200 && statusCode < 300 ? { kind: 'delivered', statusCode } : { kind: 'http_error', statusCode });
    });
    req.setTimeout(options.timeoutMs, () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', (error) =>
      resolve(error instanceof BlockedAddressError ? { kind: 'refused', error: error.message } : { kind: 'network_error', error: error.message }),
    );
    req.end(body);
  });
}
