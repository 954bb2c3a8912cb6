// Which onnxruntime execution providers actually load here: each listed backend is asked to create a
// session for a one-node model. Read-only use of onnxruntime-node until engine/runtime offers this
// (then this file should call the runtime's probe instead; DESIGN §2: only runtime/ talks to ORT).
import onnxProto from 'onnx-proto'
import type { ProviderStatus } from '../../../src-preload/api'

const { onnx } = onnxProto

export interface OrtInfo {
  version: string
  providers: ProviderStatus[]
}

export async function probeExecutionProviders(): Promise<OrtInfo> {
  const ort = await import('onnxruntime-node')
  const model = identityModel()
  const providers: ProviderStatus[] = []
  for (const backend of ort.listSupportedBackends()) {
    try {
      const session = await ort.InferenceSession.create(model, {
        executionProviders: [backend.name],
        logSeverityLevel: 4, // the failure is reported below; keep ORT's own log quiet
      })
      await session.release()
      providers.push({ name: backend.name, bundled: backend.bundled, available: true })
    } catch (err) {
      const error = firstLine(err instanceof Error ? err.message : String(err))
      providers.push({ name: backend.name, bundled: backend.bundled, available: false, error })
    }
  }
  return { version: ort.env.versions.node ?? ort.env.versions.common ?? 'unknown', providers }
}

/** y = Identity(x), x: float32[1]. */
function identityModel(): Uint8Array {
  const FLOAT = onnx.TensorProto.DataType.FLOAT
  const io = (name: string) => ({ name, type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimValue: 1 }] } } } })
  const model = onnx.ModelProto.create({
    irVersion: 10,
    producerName: 'poseanimate-probe',
    opsetImport: [{ domain: '', version: 21 }],
    graph: {
      name: 'probe',
      node: [{ opType: 'Identity', input: ['x'], output: ['y'] }],
      input: [io('x')],
      output: [io('y')],
    },
  })
  return onnx.ModelProto.encode(model).finish()
}

/** ORT prefixes messages with its source location; keep the readable reason. */
function firstLine(message: string): string {
  const line = message.split('\n')[0]
  const reason = line.lastIndexOf('Failed to')
  return (reason > 0 ? line.slice(reason) : line).slice(0, 300)
}
