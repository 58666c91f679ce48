import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

/** One project per kind of test, each its own folder under test/ (README.md, "Tests"). */
const project = (name: string) => ({
  extends: true as const,
  test: { name, include: [`test/${name}/**/*.test.{ts,tsx}`] },
})

export default defineConfig({
  plugins: [react()],
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Real servers, real SQLite files, real bcrypt: keep parallelism to the 2 cores.
    maxWorkers: 2,
    environment: 'node',
    projects: [
      // Pure code: no network, no file written, no process, no SQLite (test/unit/test-kinds.test.ts).
      project('unit'),
      // The real lab, its HTTP servers, SQLite files, the CLI's process, the renderer over a real lab.
      project('integration'),
      // Third-party clients and tools (curl, HTTPie, Python, openid-client…) against the real servers.
      project('interop'),
      // Real Chromium (and Electron where it can be had) driving the built app.
      project('e2e'),
    ],
  },
})
