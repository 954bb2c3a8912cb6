// A value a panel loads from main when its key (the project) changes. A reply that arrives after the key
// changed again is dropped, so one project's data never shows up in another's panel.
import { useEffect, useState } from 'react'
import { messageOf } from './studio'

/**
 * Like useState, plus an error: [value (null until it arrives, and again once the key changes), setValue,
 * error (why loading failed, or a later failure the panel reports there; null when all is well), setError].
 */
export function useLoaded<T>(key: string, load: () => Promise<T>) {
  const [value, setValue] = useState<T | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let current = true
    setValue(null)
    setError(null)
    load()
      .then((v) => current && setValue(v))
      .catch((err: unknown) => current && setError(messageOf(err)))
    return () => {
      current = false
    }
  }, [key]) // `load` reads only the key, so a new key is exactly when to load again
  return [value, setValue, error, setError] as const
}
