import sharp from 'sharp';

/** An RGB colour as 0-255 channels. */
export type Rgb = readonly [number, number, number];

export const RED: Rgb = [255, 0, 0];
export const GREEN: Rgb = [0, 255, 0];
export const BLUE: Rgb = [0, 0, 255];

/** A solid-colour image encoded in `format`. */
export async function solidImage(colour: Rgb, format: 'png' | 'jpeg' | 'webp' = 'png', size = 64): Promise<Buffer> {
  const image = sharp({ create: { width: size, height: size, channels: 3, background: { r: colour[0], g: colour[1], b: colour[2] } } });
  return format === 'png' ? image.png().toBuffer() : format === 'jpeg' ? image.jpeg({ quality: 95 }).toBuffer() : image.webp().toBuffer();
}

/** An animated GIF whose frames have the given colours, in order. */
export async function animatedGif(colours: readonly Rgb[], size = 32): Promise<Buffer> {
  const frames = await Promise.all(
    colours.map((colour) =>
      sharp({ create: { width: size, height: size, channels: 3, background: { r: colour[0], g: colour[1], b: colour[2] } } }).raw().toBuffer(),
    ),
  );
  return sharp(Buffer.concat(frames), { raw: { width: size, height: size * colours.length, channels: 3, pageHeight: size } })
    .gif({ loop: 0, delay: colours.map(() => 100) })
    .toBuffer();
}
