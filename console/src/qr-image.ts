import { encode } from 'uqr';

/**
 * A QR code's picture drawn in the browser from the text WeChat encodes (the `url` qrcode/create
 * answers: WeChat documents that a developer may draw the code from it). So the console shows the
 * code without loading showqrcode from mp.weixin.qq.com: the CSP keeps img-src to our own origin,
 * no proxy route is needed, and the download is a PNG made here.
 */
export const qrPng = (text: string, scale = 8): Promise<Blob> => {
  const { data, size } = encode(text, { ecc: 'M', border: 2 });
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size * scale;
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#000';
  data.forEach((row, y) => row.forEach((dark, x) => dark && context.fillRect(x * scale, y * scale, scale, scale)));
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('canvas'))), 'image/png'));
};

/** The same picture at least `minPixels` wide (print: whole pixels per module, so the code stays sharp). */
export const qrPngAtLeast = (text: string, minPixels: number): Promise<Blob> => {
  const { size } = encode(text, { ecc: 'M', border: 2 });
  return qrPng(text, Math.ceil(minPixels / size));
};

/** A file name from a scene: what a file system takes, the scene still readable. */
export const qrFileName = (scene: string, pixels?: number): string =>
  `qrcode-${scene.replace(/[^\p{L}\p{N}._-]/gu, '_').slice(0, 64)}${pixels ? `-${pixels}px` : ''}.png`;
