/**
 * What a file is, read from its first bytes (magic numbers), never from its name. Pure.
 */
export type DetectedType = 'png' | 'jpeg' | 'gif' | 'bmp' | 'webp' | 'mp3' | 'wma' | 'wav' | 'amr' | 'mp4';

const startsWith = (data: Buffer, bytes: number[], offset = 0) => bytes.every((b, i) => data[offset + i] === b);
const ascii = (data: Buffer, text: string, offset = 0) => data.subarray(offset, offset + text.length).toString('latin1') === text;

export const detectFileType = (data: Buffer): DetectedType | undefined => {
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'jpeg';
  // Never accepted as uploads (uploadRules), but WeChat keeps image materials of these kinds too.
  if (ascii(data, 'GIF87a') || ascii(data, 'GIF89a')) return 'gif';
  if (ascii(data, 'BM') && data.length >= 26) return 'bmp';
  if (ascii(data, 'RIFF') && ascii(data, 'WEBP', 8)) return 'webp';
  if (ascii(data, 'ID3') || (data[0] === 0xff && data.length > 1 && (data[1]! & 0xe0) === 0xe0 && (data[1]! & 0x06) !== 0)) return 'mp3';
  if (startsWith(data, [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11])) return 'wma';
  if (ascii(data, 'RIFF') && ascii(data, 'WAVE', 8)) return 'wav';
  if (ascii(data, '#!AMR')) return 'amr';
  if (ascii(data, 'ftyp', 4) && isMp4Brand(data)) return 'mp4';
  return undefined;
};

/**
 * ISO-BMFF files (MP4, but also HEIC/AVIF images, QuickTime MOV, 3GP) all start with an `ftyp` box;
 * its major brand, then its compatible brands, tell which one it is. Only MP4 passes.
 */
const mp4Brands = new Set(['isom', 'iso2', 'iso3', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'M4V ', 'dash', 'mmp4', 'MSNV']);
const notMp4Brands = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1', 'avif', 'avis', 'qt  ', 'crx ', 'jp2 ', 'M4A ', 'M4B ']);

const isMp4Brand = (data: Buffer): boolean => {
  if (data.length < 16) return false;
  const boxSize = data.readUInt32BE(0);
  const major = data.subarray(8, 12).toString('latin1');
  if (mp4Brands.has(major)) return true;
  if (notMp4Brands.has(major) || boxSize < 16 || boxSize > Math.min(data.length, 4096)) return false;
  const compatible: string[] = [];
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) compatible.push(data.subarray(offset, offset + 4).toString('latin1'));
  return !compatible.some((b) => notMp4Brands.has(b)) && compatible.some((b) => mp4Brands.has(b));
};

/** SPEC §4 Materials: what each kind of upload may be, and how big. */
export const uploadRules = {
  image: { types: ['png', 'jpeg'], maxBytes: 2 * 1024 * 1024 },
  voice: { types: ['mp3', 'wma', 'wav', 'amr'], maxBytes: 2 * 1024 * 1024 },
  thumb: { types: ['jpeg'], maxBytes: 64 * 1024 },
  video: { types: ['mp4'], maxBytes: 10 * 1024 * 1024 },
  logo: { types: ['png', 'jpeg'], maxBytes: 2 * 1024 * 1024 },
  // A picture inside an article (media/uploadimg: "仅支持jpg/png格式，大小必须在1MB以下").
  articleImage: { types: ['png', 'jpeg'], maxBytes: 1024 * 1024 - 1 },
} as const satisfies Record<string, { types: readonly DetectedType[]; maxBytes: number }>;

export type UploadKind = keyof typeof uploadRules;

export const extensionOf: Record<DetectedType, string> = {
  png: 'png',
  jpeg: 'jpg',
  gif: 'gif',
  bmp: 'bmp',
  webp: 'webp',
  mp3: 'mp3',
  wma: 'wma',
  wav: 'wav',
  amr: 'amr',
  mp4: 'mp4',
};

export const contentTypeOf: Record<DetectedType, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  webp: 'image/webp',
  mp3: 'audio/mpeg',
  wma: 'audio/x-ms-wma',
  wav: 'audio/wav',
  amr: 'audio/amr',
  mp4: 'video/mp4',
};
