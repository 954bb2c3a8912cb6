// The loading contract between a model module and a checkpoint: the module lists every (key, shape)
// it needs; every one must be present exactly once with that shape, and nothing may be left over.
// Failures list what is missing, what has the wrong shape and what is extra, by name.
import type { ComponentWeights, WeightTensor } from './component'
import { WeightsError, listSome } from './errors'

export interface ExpectedTensor {
  key: string
  shape: readonly number[]
}

export interface CoverageReport {
  missing: string[]
  wrongShapes: string[]
  unexpected: string[]
}

/** Compares a component's tensors with what a module expects, without throwing. */
export function coverage(weights: ComponentWeights, expected: Iterable<ExpectedTensor>): CoverageReport {
  const report: CoverageReport = { missing: [], wrongShapes: [], unexpected: [...weights.unmapped] }
  const seen = new Set<string>()
  for (const { key, shape } of expected) {
    if (seen.has(key)) throw new Error(`the module lists "${key}" twice`)
    seen.add(key)
    const tensor = weights.get(key)
    if (!tensor) report.missing.push(key)
    else if (!sameShape(tensor.shape, shape)) {
      report.wrongShapes.push(`${key} (file ${fmt(tensor.shape)}, model ${fmt(shape)})`)
    }
  }
  for (const key of weights.keys()) if (!seen.has(key)) report.unexpected.push(key)
  return report
}

/** Returns the tensors in `expected` order, or throws a WeightsError naming every mismatch. */
export function assertWeights(
  weights: ComponentWeights,
  expected: readonly ExpectedTensor[],
  label: string,
): WeightTensor[] {
  const { missing, wrongShapes, unexpected } = coverage(weights, expected)
  const problems = [
    missing.length ? `missing ${missing.length}: ${listSome(missing)}` : '',
    wrongShapes.length ? `wrong shape ${wrongShapes.length}: ${listSome(wrongShapes, 4)}` : '',
    unexpected.length ? `not used by the model ${unexpected.length}: ${listSome(unexpected)}` : '',
  ].filter(Boolean)
  if (problems.length) {
    const code = wrongShapes.length ? 'wrong-shapes' : missing.length ? 'missing-keys' : 'unexpected-keys'
    throw new WeightsError(
      code,
      `The ${weights.component} weights in ${label} do not match the ${weights.component} model ` +
        `(${problems.join('; ')}). The file is damaged or is a different model.`,
    )
  }
  return expected.map(({ key }) => weights.get(key) as WeightTensor)
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i])
}

const fmt = (shape: readonly number[]) => `[${shape.join(',')}]`
