import S3rver from 's3rver';

/** s3rver, an S3 stand-in keeping objects as files in `directory`. */
export interface S3Local {
  endpoint: string;
  stop(): Promise<void>;
}

export const startS3Local = async (options: { port: number; directory: string; bucket: string }): Promise<S3Local> => {
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port,
    directory: options.directory,
    silent: true,
    configureBuckets: [{ name: options.bucket, configs: [] }],
  });
  await server.run();
  return { endpoint: `http://127.0.0.1:${options.port}`, stop: () => server.close() };
};
