import { defineConfig, mergeConfig } from 'vitest/config'
import viteConfig from './vite.config.ts'

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'happy-dom',
      include: ['tests/**/*.test.ts'],
      // two shared cores: one worker keeps the machine usable for everyone else
      pool: 'threads',
      maxWorkers: 1,
    },
  }),
)
