// Adam as torch.optim.Adam computes it (β = (0.9, 0.999), eps 1e-8, no weight decay): null-text inversion
// creates a fresh one per timestep, so the state lives only inside one timestep's inner loop.
export class Adam {
  private readonly m: Float64Array
  private readonly v: Float64Array
  private t = 0

  constructor(
    size: number,
    private readonly lr: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly eps = 1e-8,
  ) {
    this.m = new Float64Array(size)
    this.v = new Float64Array(size)
  }

  /** Updates `param` in place with gradient `grad`. */
  step(param: Float32Array, grad: Float32Array): void {
    if (param.length !== this.m.length || grad.length !== this.m.length) {
      throw new RangeError(`Adam holds ${this.m.length} values, got param ${param.length}, grad ${grad.length}`)
    }
    this.t += 1
    const stepSize = this.lr / (1 - this.beta1 ** this.t)
    const correction2 = Math.sqrt(1 - this.beta2 ** this.t)
    for (let i = 0; i < param.length; i++) {
      const g = grad[i]
      this.m[i] = this.beta1 * this.m[i] + (1 - this.beta1) * g
      this.v[i] = this.beta2 * this.v[i] + (1 - this.beta2) * g * g
      param[i] -= (stepSize * this.m[i]) / (Math.sqrt(this.v[i]) / correction2 + this.eps)
    }
  }
}

/** Plain gradient descent: param −= lr · grad. */
export function sgdStep(param: Float32Array, grad: Float32Array, lr: number): void {
  for (let i = 0; i < param.length; i++) param[i] -= lr * grad[i]
}
