// Decodes a PNG far enough to trust it: signature, chunk CRCs, IHDR size,
// and the IDAT stream inflating to exactly the bytes its size needs.
import { crc32, inflateSync } from 'node:zlib';

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export function decodePng(buf: Buffer): PngInfo {
  if (!buf.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG signature');
  let pos = 8;
  let info: PngInfo | null = null;
  const idat: Buffer[] = [];
  let ended = false;
  while (pos < buf.length) {
    const length = buf.readUInt32BE(pos);
    const type = buf.subarray(pos + 4, pos + 8).toString('latin1');
    const data = buf.subarray(pos + 8, pos + 8 + length);
    const crc = buf.readUInt32BE(pos + 8 + length);
    if (crc32(buf.subarray(pos + 4, pos + 8 + length)) !== crc) throw new Error(`bad CRC in ${type}`);
    if (type === 'IHDR') info = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), bitDepth: data[8]!, colorType: data[9]! };
    if (type === 'IDAT') idat.push(data);
    if (type === 'IEND') ended = true;
    pos += 12 + length;
  }
  if (!info || !ended || !idat.length) throw new Error('missing IHDR, IDAT or IEND');
  const raw = inflateSync(Buffer.concat(idat));
  const bytesPerPixel = Math.ceil(((CHANNELS[info.colorType] ?? 0) * info.bitDepth) / 8);
  const expected = info.height * (1 + info.width * bytesPerPixel);
  if (raw.length !== expected) throw new Error(`pixel data is ${raw.length} bytes, expected ${expected}`);
  return info;
}
