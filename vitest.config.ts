import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

export default defineConfig({
  plugins: [react()],
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Real servers, real SQLite files, real bcrypt: keep parallelism to the 2 cores.
    maxWorkers: 2,
    environment: 'node',
  },
})
