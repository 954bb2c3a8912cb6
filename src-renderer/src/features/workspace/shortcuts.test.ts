import { describe, expect, it } from 'vitest'
import { TestRig } from '../rig/tools/testRig'
import { commandForKey, isTypingTarget, runCommand, SHORTCUT_HELP, type WorkspaceCommand } from './shortcuts'

describe('keyboard shortcuts', () => {
  it('maps the usual animation keys', () => {
    const cases: [Parameters<typeof commandForKey>[0], WorkspaceCommand | null][] = [
      [{ key: ' ' }, 'playPause'],
      [{ key: 'ArrowRight' }, 'nextFrame'],
      [{ key: 'ArrowLeft', shiftKey: true }, 'back10'],
      [{ key: 'K' }, 'keyPose'],
      [{ key: 'k' }, 'keyPose'],
      [{ key: 'z', ctrlKey: true }, 'undo'],
      [{ key: 'Z', ctrlKey: true, shiftKey: true }, 'redo'],
      [{ key: 'z', metaKey: true, shiftKey: true }, 'redo'],
      [{ key: 'y', ctrlKey: true }, 'redo'],
      [{ key: 'r', altKey: true }, 'resetJoint'],
      [{ key: 'x', ctrlKey: true }, null],
      [{ key: 'q' }, null],
    ]
    for (const [input, cmd] of cases) expect(commandForKey(input), JSON.stringify(input)).toBe(cmd)
    expect(SHORTCUT_HELP.length).toBeGreaterThan(10)
  })

  it('steps frames, keys, undoes and redoes through the editor', () => {
    const { editor } = new TestRig({ frameCount: 30 })
    let toggled = 0
    const targets = { editor, togglePlay: () => toggled++, cancelGesture: () => {} }
    const press = (key: string, mods: object = {}) => runCommand(commandForKey({ key, ...mods })!, targets)
    press('ArrowRight')
    press('ArrowRight', { shiftKey: true })
    expect(editor.frame).toBe(11)
    press('m')
    press('k')
    expect(editor.keyframes.map((k) => k.frame)).toEqual([11])
    press('z', { ctrlKey: true })
    expect(editor.keyframes).toHaveLength(0)
    press('z', { ctrlKey: true, shiftKey: true })
    expect(editor.keyframes).toHaveLength(1)
    press('Home')
    press('ArrowUp')
    expect(editor.frame).toBe(11)
    press('End')
    expect(editor.frame).toBe(29)
    press(' ')
    expect(toggled).toBe(1)
    press('l')
    expect(editor.lengthsLocked).toBe(false)
  })

  it('ignores keys typed into fields', () => {
    expect(isTypingTarget({ tagName: 'input' } as unknown as EventTarget)).toBe(true)
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true } as unknown as EventTarget)).toBe(true)
    expect(isTypingTarget({ tagName: 'CANVAS' } as unknown as EventTarget)).toBe(false)
    expect(isTypingTarget(null)).toBe(false)
  })
})
