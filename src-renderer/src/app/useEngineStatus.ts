// Follows the engine process state so the shell can say when it crashed and restarts.
import { useEffect, useState } from 'react'
import type { EngineStatus } from '../../../src-preload/api'
import { studio } from '../bridge/studio'

export function useEngineStatus(): EngineStatus | null {
  const [status, setStatus] = useState<EngineStatus | null>(null)
  useEffect(() => studio().events.on('engine.status', setStatus), [])
  return status
}
