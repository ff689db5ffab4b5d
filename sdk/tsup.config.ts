import { defineConfig } from 'tsup';

/** ESM and CommonJS builds with type declarations; the Express helper is a separate entry so browsers never load it. */
export default defineConfig({
  entry: { index: 'src/index.ts', express: 'src/express.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  tsconfig: 'tsconfig.json',
});
