// The example suite's own config (the repository's config only includes test/ and src/):
// `npx vitest run --root examples/library`.
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['*.test.ts'] } });
