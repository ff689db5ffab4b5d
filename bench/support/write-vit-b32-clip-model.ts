import { ensureVitB32ClipModel } from './vit-b32-clip-model';

/**
 * `node -r @swc-node/register bench/support/write-vit-b32-clip-model.ts <dir>`: writes the random
 * ViT-B/32 model folder in a plain node process. Tests call it this way because jest's realm,
 * which shares the main realm's typed arrays with onnxruntime, makes the 150 M element stores of
 * the weight generator some fifteen times slower (9 s here against over two minutes).
 */
const dir = process.argv[2];
if (!dir) {
  console.error('usage: write-vit-b32-clip-model.ts <dir>');
  process.exit(2);
}
ensureVitB32ClipModel(dir).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
