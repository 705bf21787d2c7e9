import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

/**
 * Draws the Counter icon (a white "C" on a teal rounded square, the same as icon.svg)
 * into build/icons/<n>x<n>.png, and build/icons/icon.png (512) for Windows, where
 * electron-builder turns it into the .ico. Pure Node: no image tool on the build machine.
 * Run `npx tsx build/make-icons.ts` after changing the drawing; the PNGs are committed.
 */
const SIZES = [16, 32, 48, 64, 128, 256, 512];
const TEAL = [15, 118, 110] as const;
const SAMPLES = 4;

/** Coverage (0..1) of the background and of the letter at one point of the unit square. */
function shapeAt(x: number, y: number): { background: boolean; letter: boolean } {
  const radius = 0.2;
  const cornerX = Math.min(Math.max(x, radius), 1 - radius);
  const cornerY = Math.min(Math.max(y, radius), 1 - radius);
  const background = (x - cornerX) ** 2 + (y - cornerY) ** 2 <= radius ** 2;
  const distance = Math.hypot(x - 0.5, y - 0.5);
  const angle = (Math.atan2(y - 0.5, x - 0.5) * 180) / Math.PI;
  const letter = distance >= 0.2 && distance <= 0.33 && Math.abs(angle) > 45;
  return { background, letter };
}

function pixels(size: number): Buffer {
  const rows: Buffer[] = [];
  for (let row = 0; row < size; row += 1) {
    const line = Buffer.alloc(1 + size * 4);
    for (let column = 0; column < size; column += 1) {
      let covered = 0;
      let white = 0;
      for (let sy = 0; sy < SAMPLES; sy += 1) {
        for (let sx = 0; sx < SAMPLES; sx += 1) {
          const shape = shapeAt((column + (sx + 0.5) / SAMPLES) / size, (row + (sy + 0.5) / SAMPLES) / size);
          if (shape.background) covered += 1;
          if (shape.background && shape.letter) white += 1;
        }
      }
      const share = white / Math.max(covered, 1);
      const offset = 1 + column * 4;
      for (let channel = 0; channel < 3; channel += 1) line[offset + channel] = Math.round(TEAL[channel]! * (1 - share) + 255 * share);
      line[offset + 3] = Math.round((255 * covered) / (SAMPLES * SAMPLES));
    }
    rows.push(line);
  }
  return Buffer.concat(rows);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, checksum]);
}

export function iconPng(size: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.writeUInt8(8, 8); // 8 bits per channel
  header.writeUInt8(6, 9); // RGBA
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(pixels(size), { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'icons');
  mkdirSync(folder, { recursive: true });
  for (const size of SIZES) writeFileSync(path.join(folder, `${size}x${size}.png`), iconPng(size));
  writeFileSync(path.join(folder, 'icon.png'), iconPng(512));
  process.stdout.write(`icons written to ${folder}\n`);
}
