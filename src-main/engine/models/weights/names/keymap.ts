// Table-driven key renaming between a foreign checkpoint layout (original LDM / ControlNet v1.1) and
// our canonical diffusers/transformers names. A table is a list of module rows (foreign module path ↔
// diffusers module path) plus, per row, renames of the parameters inside the module. A key is mapped
// by finding its longest module prefix in the table; the rest of the key is renamed or kept as is.

/** A parameter sub-path renamed inside a module; `conv1x1` marks LDM 1×1-conv weights that diffusers
 * stores as Linear: [C, C, 1, 1] in the foreign file, [C, C] in diffusers. */
export interface ParamRename {
  foreign: string
  diffusers: string
  conv1x1?: boolean
}

export interface ModuleRow {
  foreign: string
  diffusers: string
  params?: readonly ParamRename[]
}

export interface MappedKey {
  key: string
  /** The weight is a 1×1 conv on the foreign side and a Linear on the diffusers side (same bytes). */
  conv1x1: boolean
}

export class KeyMap {
  private readonly byForeign = new Map<string, ModuleRow>()
  private readonly byDiffusers = new Map<string, ModuleRow>()

  constructor(
    readonly rows: readonly ModuleRow[],
    /** Prepended to every foreign key, e.g. "model.diffusion_model.". */
    readonly foreignPrefix: string,
  ) {
    for (const row of rows) {
      if (this.byForeign.has(row.foreign) || this.byDiffusers.has(row.diffusers)) {
        throw new Error(`key table lists ${row.foreign} ↔ ${row.diffusers} twice`)
      }
      this.byForeign.set(row.foreign, row)
      this.byDiffusers.set(row.diffusers, row)
    }
  }

  /** Foreign key → diffusers key, or undefined when the key is not part of this table. */
  toDiffusers(foreignKey: string): MappedKey | undefined {
    if (!foreignKey.startsWith(this.foreignPrefix)) return undefined
    const local = foreignKey.slice(this.foreignPrefix.length)
    const row = longestModule(local, this.byForeign)
    if (!row) return undefined
    const { rest, conv1x1 } = renameParam(local.slice(row.foreign.length + 1), row.params ?? [], 'foreign')
    return { key: `${row.diffusers}.${rest}`, conv1x1 }
  }

  /** Diffusers key → foreign key, or undefined when the key is not part of this table. */
  toForeign(diffusersKey: string): MappedKey | undefined {
    const row = longestModule(diffusersKey, this.byDiffusers)
    if (!row) return undefined
    const { rest, conv1x1 } = renameParam(diffusersKey.slice(row.diffusers.length + 1), row.params ?? [], 'diffusers')
    return { key: `${this.foreignPrefix}${row.foreign}.${rest}`, conv1x1 }
  }
}

/** Tries "a.b.c", then "a.b", then "a" for key "a.b.c.weight": the deepest module listed wins. */
function longestModule(key: string, rows: ReadonlyMap<string, ModuleRow>): ModuleRow | undefined {
  let end = key.lastIndexOf('.')
  while (end > 0) {
    const row = rows.get(key.slice(0, end))
    if (row) return row
    end = key.lastIndexOf('.', end - 1)
  }
  return undefined
}

function renameParam(rest: string, params: readonly ParamRename[], from: 'foreign' | 'diffusers') {
  const to = from === 'foreign' ? 'diffusers' : 'foreign'
  for (const p of params) {
    const name = p[from]
    if (rest === name || rest.startsWith(`${name}.`)) {
      const renamed = p[to] + rest.slice(name.length)
      return { rest: renamed, conv1x1: Boolean(p.conv1x1) && renamed.endsWith('.weight') }
    }
  }
  return { rest, conv1x1: false }
}

/** Shape of the same tensor on the other side of a conv1x1 rename. */
export function diffusersShape(foreignShape: readonly number[], conv1x1: boolean): number[] {
  return conv1x1 && foreignShape.length === 4 ? foreignShape.slice(0, 2) : [...foreignShape]
}

export function foreignShape(diffusersShape: readonly number[], conv1x1: boolean): number[] {
  return conv1x1 && diffusersShape.length === 2 ? [...diffusersShape, 1, 1] : [...diffusersShape]
}
