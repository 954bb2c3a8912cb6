// The open project lives in the URL hash (#/project/<id>), so a reload reopens it.
import { useEffect, useState } from 'react'

const PREFIX = '#/project/'

export function projectIdFromHash(hash: string): string | null {
  return hash.startsWith(PREFIX) ? decodeURIComponent(hash.slice(PREFIX.length)) || null : null
}

export function useOpenProjectId(): [string | null, (id: string | null) => void] {
  const [id, setId] = useState(() => projectIdFromHash(window.location.hash))
  useEffect(() => {
    const onHashChange = () => setId(projectIdFromHash(window.location.hash))
    window.addEventListener('hashchange', onHashChange)
    return () => window.removeEventListener('hashchange', onHashChange)
  }, [])
  const open = (next: string | null) => {
    window.location.hash = next ? `${PREFIX}${encodeURIComponent(next)}` : ''
  }
  return [id, open]
}
