import { describe, expect, it } from 'vitest';
import { checkFile } from '../../src/core/uploads/check-file';
import { detectFileType } from '../../src/core/uploads/file-types';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from '../../src/core/errors';
import { sampleFile } from '../support/media';

describe('file type by content', () => {
  it('recognises each format by its first bytes', () => {
    expect(detectFileType(sampleFile.png())).toBe('png');
    expect(detectFileType(sampleFile.jpeg())).toBe('jpeg');
    expect(detectFileType(sampleFile.mp3())).toBe('mp3');
    expect(detectFileType(Buffer.from([0xff, 0xfb, 0x90, 0x44]))).toBe('mp3');
    expect(detectFileType(sampleFile.amr())).toBe('amr');
    expect(detectFileType(sampleFile.wav())).toBe('wav');
    expect(detectFileType(Buffer.from([0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11, 0xa6]))).toBe('wma');
    expect(detectFileType(sampleFile.mp4())).toBe('mp4');
    expect(detectFileType(sampleFile.text())).toBeUndefined();
    expect(detectFileType(Buffer.alloc(0))).toBeUndefined();
  });

  it('recognises the other image kinds WeChat keeps as materials, and never accepts them as uploads', () => {
    const gif = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(20)]);
    const bmp = Buffer.concat([Buffer.from('BM', 'latin1'), Buffer.alloc(40)]);
    const webp = Buffer.concat([Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'), Buffer.alloc(20)]);
    expect([gif, bmp, webp].map(detectFileType)).toEqual(['gif', 'bmp', 'webp']);
    expect(detectFileType(Buffer.from('BM', 'latin1'))).toBeUndefined();
    expect(() => checkFile('file', 'image', gif)).toThrow(/^file: an? image must be png or jpeg \(the content is gif\)/);
  });

  it('checks size before content, and content against the kind', () => {
    expect(checkFile('file', 'thumb', sampleFile.jpeg(64 * 1024))).toBe('jpeg');
    expect(() => checkFile('file', 'thumb', sampleFile.jpeg(64 * 1024 + 1))).toThrow(PayloadTooLargeError);
    expect(() => checkFile('file', 'thumb', sampleFile.png())).toThrow(UnsupportedMediaTypeError);
    expect(() => checkFile('file', 'voice', sampleFile.png())).toThrow(/^file: a voice must be mp3 or wma or wav or amr \(the content is png\)/);
  });
});
