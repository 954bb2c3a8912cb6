/**
 * onnxruntime-node boundary: the only importer of onnxruntime-node in the app.
 *
 * ```ts
 * const rt = await createRuntime({ provider: 'auto' })   // rt.provider: 'cuda' | 'webgpu' | 'dml' | 'cpu'; providerNote says why
 * const model = await emitOnnx(g, { weights, precision: 'fp32', dir, name: 'unet' })
 * const s = await rt.session(model)                      // or ONNX bytes, or a path; cached by model hash
 * const { noise } = await s.run({ sample: tensor.f32(data, [1, 4, 64, 64]) })
 * ```
 * session.run blocks its thread: call it from the engine host's child/utility process.
 */
export { createRuntime, Runtime, type RuntimeOptions, type ModelSource, type ProviderFault } from './runtime'
export {
  cudaUnavailableReason,
  failingNode,
  onnxruntimeVersion,
  parseProviderChoice,
  probeProviders,
  providerFromEnv,
  providerOrder,
  PROVIDER_CHOICES,
  PROVIDER_ENV,
  PROVIDERS,
  type Provider,
  type ProviderChoice,
  type ProviderStatus,
} from './providers'
export { Session, type RunOptions } from './session'
export { tensor, toFloat32, toTensor, type Tensor, type TensorLike, type TensorData } from '../tensor'
export { emitOnnx, type EmitOptions, type EmittedModel } from './emit'
export { ModelCache, type CompiledModelKey } from './modelCache'
export { float16ToFloat32, float32ToFloat16 } from '../graph/fp16'
