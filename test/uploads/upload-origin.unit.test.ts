import { describe, expect, it } from 'vitest';
import { onUploadOrigin } from '../../src/core/uploads/s3';

/** Presigned upload URLs moved onto the console's origin (/staging/* forwards to the bucket). */
describe('onUploadOrigin', () => {
  const query = '?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc&X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost&x-id=PutObject';

  it('keeps the path and signature of a virtual-hosted URL (AWS) on the console origin', () => {
    const signed = `https://my-bucket.s3.eu-west-1.amazonaws.com/staging/u1/f%20g/clip.mp4${query}`;
    expect(onUploadOrigin(signed, 'my-bucket', 'https://d111.cloudfront.net/')).toBe(`https://d111.cloudfront.net/staging/u1/f%20g/clip.mp4${query}`);
  });

  it('drops the bucket segment of a path-style URL (s3rver locally)', () => {
    const signed = `http://127.0.0.1:4569/socialinzen-local/staging/u1/id/clip.mp4${query}`;
    expect(onUploadOrigin(signed, 'socialinzen-local', 'http://127.0.0.1:3000')).toBe(`http://127.0.0.1:3000/staging/u1/id/clip.mp4${query}`);
  });

  it("leaves S3's own URL when no upload origin is configured", () => {
    const signed = `https://my-bucket.s3.eu-west-1.amazonaws.com/staging/u1/clip.mp4${query}`;
    expect(onUploadOrigin(signed, 'my-bucket', undefined)).toBe(signed);
  });
});
