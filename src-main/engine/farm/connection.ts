// The --queue URL: redis://[user:password@]host:port[/db] or rediss:// (TLS). The URL goes to ioredis
// as given, so passwords, ACL users and TLS work as ioredis documents them.
import { UserError } from '../errors'

/** A farm failure the user can fix (queue unreachable, an item failing, a refused model): exit 1, no stack. */
export class FarmError extends UserError {
  constructor(message: string) {
    super(message)
    this.name = 'FarmError'
  }
}

export const QUEUE_NAME = 'poseanimate-items'

export interface QueueAddress {
  url: string
  /** For messages: the URL without its password. */
  shown: string
}

export function parseQueueUrl(value: string | undefined, flag = '--queue'): QueueAddress {
  if (!value) throw new FarmError(`${flag} is missing: give the Redis URL, e.g. ${flag} redis://127.0.0.1:6379`)
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new FarmError(`${flag} "${value}" is not a URL: use redis://HOST:PORT or rediss://HOST:PORT`)
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new FarmError(`${flag} must be a redis:// or rediss:// URL, got ${url.protocol}//`)
  }
  if (!url.hostname) throw new FarmError(`${flag} "${value}" names no host`)
  const shown = new URL(url.href)
  if (shown.password) shown.password = '***'
  return { url: value, shown: shown.href }
}
