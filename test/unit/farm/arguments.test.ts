// The farm's command-line values: frame ranges for render managers, and queue URLs handed to ioredis
// as given (passwords, rediss:// TLS) but never shown with their password.
import { describe, expect, it } from 'vitest'
import { parseFrameRange } from '../../../src-main/cli/frameRange'
import { parseQueueUrl } from '../../../src-main/engine/farm/connection'
import { storeFolder } from '../../../src-main/engine/farm/folderStore'

describe('parseFrameRange', () => {
  it('reads one frame or an inclusive range', () => {
    expect(parseFrameRange('3')).toEqual([3])
    expect(parseFrameRange('2-5')).toEqual([2, 3, 4, 5])
    expect(parseFrameRange(' 4–6 ')).toEqual([4, 5, 6])
  })
  it('refuses backwards or malformed ranges', () => {
    for (const bad of ['5-2', 'a-b', '1,2', '-3', '']) expect(() => parseFrameRange(bad)).toThrow('--frames wants')
  })
})

describe('storeFolder', () => {
  it('takes a folder (made absolute) and refuses an s3:// store, which is not built', () => {
    expect(storeFolder('/mnt/farm')).toBe('/mnt/farm')
    expect(storeFolder('farm')).toMatch(/^\/.*\/farm$/)
    expect(() => storeFolder('s3://bucket/prefix')).toThrow(/only a shared folder .*S3 is not built yet/)
  })
})

describe('parseQueueUrl', () => {
  it('passes redis:// and rediss:// URLs with credentials through and hides the password in messages', () => {
    const tls = parseQueueUrl('rediss://farm:s3cret@redis.example:6380/2')
    expect(tls.url).toBe('rediss://farm:s3cret@redis.example:6380/2')
    expect(tls.shown).toBe('rediss://farm:***@redis.example:6380/2')
    expect(parseQueueUrl('redis://127.0.0.1:6379').shown).toBe('redis://127.0.0.1:6379')
  })
  it('says what is wrong with anything else', () => {
    expect(() => parseQueueUrl(undefined)).toThrow('--queue is missing')
    expect(() => parseQueueUrl('http://x:1', '--farm')).toThrow('--farm must be a redis:// or rediss:// URL')
    expect(() => parseQueueUrl('localhost:6379')).toThrow(/not a URL|must be a redis/)
  })
})
