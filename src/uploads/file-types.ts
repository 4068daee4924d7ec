/**
 * What a file is, read from its first bytes (magic numbers), never from its name. Pure.
 */
export type DetectedType = 'png' | 'jpeg' | 'mp3' | 'wma' | 'wav' | 'amr' | 'mp4';

const startsWith = (data: Buffer, bytes: number[], offset = 0) => bytes.every((b, i) => data[offset + i] === b);
const ascii = (data: Buffer, text: string, offset = 0) => data.subarray(offset, offset + text.length).toString('latin1') === text;

export const detectFileType = (data: Buffer): DetectedType | undefined => {
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(data, 'ID3') || (data[0] === 0xff && data.length > 1 && (data[1]! & 0xe0) === 0xe0 && (data[1]! & 0x06) !== 0)) return 'mp3';
  if (startsWith(data, [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11])) return 'wma';
  if (ascii(data, 'RIFF') && ascii(data, 'WAVE', 8)) return 'wav';
  if (ascii(data, '#!AMR')) return 'amr';
  if (ascii(data, 'ftyp', 4)) return 'mp4';
  return undefined;
};

/** SPEC §4 Materials: what each kind of upload may be, and how big. */
export const uploadRules = {
  image: { types: ['png', 'jpeg'], maxBytes: 2 * 1024 * 1024 },
  voice: { types: ['mp3', 'wma', 'wav', 'amr'], maxBytes: 2 * 1024 * 1024 },
  thumb: { types: ['jpeg'], maxBytes: 64 * 1024 },
  video: { types: ['mp4'], maxBytes: 10 * 1024 * 1024 },
  logo: { types: ['png', 'jpeg'], maxBytes: 2 * 1024 * 1024 },
} as const satisfies Record<string, { types: readonly DetectedType[]; maxBytes: number }>;

export type UploadKind = keyof typeof uploadRules;

export const extensionOf: Record<DetectedType, string> = {
  png: 'png',
  jpeg: 'jpg',
  mp3: 'mp3',
  wma: 'wma',
  wav: 'wav',
  amr: 'amr',
  mp4: 'mp4',
};

export const contentTypeOf: Record<DetectedType, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  mp3: 'audio/mpeg',
  wma: 'audio/x-ms-wma',
  wav: 'audio/wav',
  amr: 'audio/amr',
  mp4: 'video/mp4',
};
