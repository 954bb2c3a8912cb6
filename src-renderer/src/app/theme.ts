// The studio's Mantine theme: dark, compact, one accent colour.
import { createTheme } from '@mantine/core'

export const studioTheme = createTheme({
  primaryColor: 'violet',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
})
