import { randomBytes } from 'node:crypto';

/** Small files whose first bytes are what each format starts with (the rest is random). */
const withHead = (head: Buffer, size: number) => Buffer.concat([head, randomBytes(Math.max(0, size - head.length))]);

export const sampleFile = {
  png: (size = 2048) => withHead(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), size),
  jpeg: (size = 2048) => withHead(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), size),
  mp3: (size = 4096) => withHead(Buffer.from('ID3\x04\x00\x00', 'latin1'), size),
  amr: (size = 1024) => withHead(Buffer.from('#!AMR\n', 'latin1'), size),
  wav: (size = 1024) => withHead(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVE')]), size),
  mp4: (size = 8192) => withHead(Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypisom')]), size),
  text: (size = 100) => Buffer.from('hello, this is plain text '.repeat(Math.ceil(size / 26)).slice(0, size)),
};

/** A multipart/form-data body of text fields and files. */
export const multipartBody = (parts: { name: string; value: string | Buffer; filename?: string; type?: string }[]) => {
  const boundary = `----socialinzen${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    ...parts.flatMap((p) => [
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}\r\n` +
          (p.filename ? `Content-Type: ${p.type ?? 'application/octet-stream'}\r\n` : '') +
          '\r\n',
      ),
      Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value),
      Buffer.from('\r\n'),
    ]),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
};
