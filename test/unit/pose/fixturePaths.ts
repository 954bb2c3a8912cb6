// Paths to the pose fixtures and to the shared golden folder (GOLDEN_DIR, else ../shared/golden).
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
export const POSE_FIXTURES = resolve(REPO_ROOT, 'test/fixtures/pose')
export const GOLDEN_DIR = process.env.GOLDEN_DIR ?? resolve(REPO_ROOT, '../shared/golden')
