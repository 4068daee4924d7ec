import { gunzipSync } from 'node:zlib';
import type { CloudWatchLogsDecodedData, CloudWatchLogsEvent } from 'aws-lambda';
import { foldAccessLog } from '../callback-latency';

/**
 * CloudWatch Logs' subscription to the API's access log (only the callback route's lines): each
 * delivery is gzipped JSON, base64. A failure throws, so Lambda retries the same delivery (twice,
 * asynchronous invocation); the shares it had already counted are not counted again.
 */
export const handler = async (event: CloudWatchLogsEvent) => {
  const data = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8')) as CloudWatchLogsDecodedData;
  // CloudWatch Logs checks the destination with a CONTROL_MESSAGE when the filter is made.
  if (data.messageType !== 'DATA_MESSAGE') return { lines: 0, counted: 0, skipped: 0, shares: 0, already: 0 };
  return foldAccessLog(data.logEvents);
};
