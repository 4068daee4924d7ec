import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { config } from '../config';

/**
 * The bucket: staged uploads (`staging/<userId>/…`, expired by a lifecycle rule) and user logos
 * (`logos/<userId>/…`). Checksums only where required: otherwise the SDK frames streamed bodies
 * as aws-chunked and signs an empty-body CRC into presigned PUTs, which S3 then refuses.
 */
export const s3 = new S3Client({
  forcePathStyle: process.env['AWS_ENDPOINT_URL_S3'] !== undefined,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});

export const putObject = (key: string, body: Buffer, contentType: string) =>
  s3.send(new PutObjectCommand({ Bucket: config.bucketName, Key: key, Body: body, ContentType: contentType }));

export const getObjectBytes = async (key: string): Promise<Buffer | undefined> => {
  try {
    const res = await s3.send(new GetObjectCommand({ Bucket: config.bucketName, Key: key }));
    return Buffer.from(await res.Body!.transformToByteArray());
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey' || (error as Error).name === 'NotFound') return undefined;
    throw error;
  }
};

export const objectSize = async (key: string): Promise<number | undefined> => {
  try {
    return (await s3.send(new HeadObjectCommand({ Bucket: config.bucketName, Key: key }))).ContentLength;
  } catch (error) {
    if ((error as Error).name === 'NotFound' || (error as Error).name === 'NoSuchKey') return undefined;
    throw error;
  }
};

export const deleteObject = (key: string) => s3.send(new DeleteObjectCommand({ Bucket: config.bucketName, Key: key }));

/**
 * A PUT URL bound to one key, one exact length and one content type (S3 refuses any other).
 * With UPLOAD_BASE_URL set (the console's CloudFront distribution in AWS, the local gateway with
 * `npm start`), the URL is on that origin: its `/staging/*` behaviour forwards the request to the
 * bucket unchanged (query string, Content-Type, Host = the bucket's host the signature names), so a
 * browser uploads to the console's own origin, under its `connect-src 'self'`, with no CORS.
 */
export const presignPut = async (key: string, size: number, contentType: string, expiresIn = 900) => {
  const signed = await getSignedUrl(s3, new PutObjectCommand({ Bucket: config.bucketName, Key: key, ContentLength: size, ContentType: contentType }), {
    expiresIn,
    signableHeaders: new Set(['content-length', 'content-type']),
  });
  return onUploadOrigin(signed, config.bucketName, process.env['UPLOAD_BASE_URL']);
};

/** The presigned URL moved onto `base` (path and query kept; a path-style URL loses its bucket segment). */
export const onUploadOrigin = (signed: string, bucket: string, base: string | undefined): string => {
  if (!base) return signed;
  const url = new URL(signed);
  const bucketSegment = `/${bucket}/`;
  const path = url.pathname.startsWith(bucketSegment) && !url.hostname.startsWith(`${bucket}.`) ? url.pathname.slice(bucketSegment.length - 1) : url.pathname;
  return `${base.replace(/\/+$/, '')}${path}${url.search}`;
};

export const presignGet = (key: string, expiresIn = 3600) =>
  getSignedUrl(s3, new GetObjectCommand({ Bucket: config.bucketName, Key: key }), { expiresIn });

export const stagingPrefix = (userId: string) => `staging/${userId}/`;
