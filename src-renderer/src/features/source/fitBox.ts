// Where an image of a given aspect sits inside a box when it is shown whole and centred ("contain").

export interface Box {
  readonly left: number
  readonly top: number
  readonly width: number
  readonly height: number
}

export function containBox(outerWidth: number, outerHeight: number, aspect: number): Box {
  if (!(outerWidth > 0) || !(outerHeight > 0) || !(aspect > 0)) return { left: 0, top: 0, width: 0, height: 0 }
  const width = Math.min(outerWidth, outerHeight * aspect)
  const height = width / aspect
  return { left: (outerWidth - width) / 2, top: (outerHeight - height) / 2, width, height }
}
