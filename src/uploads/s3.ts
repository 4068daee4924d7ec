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

/** A PUT URL bound to one key, one exact length and one content type (S3 refuses any other). */
export const presignPut = (key: string, size: number, contentType: string, expiresIn = 900) =>
  getSignedUrl(s3, new PutObjectCommand({ Bucket: config.bucketName, Key: key, ContentLength: size, ContentType: contentType }), {
    expiresIn,
    signableHeaders: new Set(['content-length', 'content-type']),
  });

export const presignGet = (key: string, expiresIn = 3600) =>
  getSignedUrl(s3, new GetObjectCommand({ Bucket: config.bucketName, Key: key }), { expiresIn });

export const stagingPrefix = (userId: string) => `staging/${userId}/`;
