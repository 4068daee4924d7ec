import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { workers, type WorkerId } from '../lib/routes';

/**
 * An SQS stand-in for the route table's workers: it answers the AWS SDK's SendMessage (JSON
 * protocol) and delivers SQS-shaped events to the worker's handler, as Lambda's event source
 * does: a failed record (batchItemFailures, or the handler throwing) is delivered again after a
 * short visibility delay, and after maxReceiveCount receives it moves to a dead-letter list
 * (GET /__queues/<id>/dead-letters). Holding queues (`holding`) have no worker: they keep what is
 * sent to them (GET /__queues/<id>/messages), as a failure queue nobody consumes does in AWS.
 * Local only; in AWS these are real queues.
 */
type WorkerHandler = (event: SQSEvent) => Promise<SQSBatchResponse | void>;

interface Message {
  messageId: string;
  body: string;
  receiveCount: number;
  sentAt: number;
}

interface Queue {
  id: WorkerId;
  handler: WorkerHandler;
  deadLetters: Message[];
  busy: number;
}

export interface LocalQueues {
  endpoint: string;
  queueUrl(id: WorkerId | string): string;
  /** Resolves when no message is waiting or being handled. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Locally a failed delivery comes back quickly (SQS waits out the visibility timeout). */
const redeliveryDelayMs = (receiveCount: number) => 100 * receiveCount;

export const startLocalQueues = async (root: string, port: number, holding: readonly string[] = []): Promise<LocalQueues> => {
  const queues = new Map<string, Queue>();
  const held = new Map<string, Message[]>(holding.map((id) => [id, []]));
  for (const [id, entry] of Object.entries(workers) as [WorkerId, (typeof workers)[WorkerId]][]) {
    const module = (await import(pathToFileURL(join(root, entry.handler)).href)) as { handler?: WorkerHandler };
    if (typeof module.handler !== 'function') throw new Error(`${entry.handler} exports no handler`);
    queues.set(id, { id, handler: module.handler, deadLetters: [], busy: 0 });
  }
  const endpoint = `http://127.0.0.1:${port}`;
  const queueUrl = (id: WorkerId | string) => `${endpoint}/000000000000/${id}`;
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const record = (queue: Queue, message: Message): SQSRecord => ({
    messageId: message.messageId,
    receiptHandle: `${message.messageId}:${message.receiveCount}`,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentAt),
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(message.body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:local:000000000000:${queue.id}`,
    awsRegion: 'local',
  });

  const deliver = async (queue: Queue, message: Message): Promise<void> => {
    message.receiveCount++;
    let failed: boolean;
    try {
      const result = await queue.handler({ Records: [record(queue, message)] });
      failed = (result?.batchItemFailures ?? []).some((f) => f.itemIdentifier === message.messageId);
    } catch (error) {
      console.error(`[queues] ${queue.id} handler threw:`, error);
      failed = true;
    }
    if (!failed) return;
    if (message.receiveCount >= workers[queue.id].maxReceiveCount) {
      queue.deadLetters.push(message);
      return;
    }
    schedule(queue, message, redeliveryDelayMs(message.receiveCount));
  };

  const schedule = (queue: Queue, message: Message, delayMs: number) => {
    if (stopped) return;
    queue.busy++;
    const timer = setTimeout(() => {
      timers.delete(timer);
      deliver(queue, message).finally(() => queue.busy--);
    }, delayMs);
    timers.add(timer);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify(body));
      };
      const dead = req.url?.match(/^\/__queues\/(\w+)\/dead-letters$/);
      if (req.method === 'GET' && dead) {
        const queue = queues.get(dead[1]!);
        return queue ? answer(200, { messages: queue.deadLetters }) : answer(404, { message: 'no such queue' });
      }
      const kept = req.url?.match(/^\/__queues\/(\w+)\/messages$/);
      if (req.method === 'GET' && kept) {
        const messages = held.get(kept[1]!);
        return messages ? answer(200, { messages }) : answer(404, { message: 'no such holding queue' });
      }
      const target = String(req.headers['x-amz-target'] ?? '');
      let input: { QueueUrl?: string; MessageBody?: string; DelaySeconds?: number };
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        return answer(400, { __type: 'com.amazonaws.sqs#InvalidParameterValue', message: 'body is not JSON' });
      }
      if (target !== 'AmazonSQS.SendMessage') {
        return answer(400, { __type: 'com.amazonaws.sqs#UnsupportedOperation', message: `${target} is not supported locally` });
      }
      const queueId = String(input.QueueUrl ?? '').split('/').pop() ?? '';
      const queue = queues.get(queueId);
      if (!queue && !held.has(queueId)) return answer(400, { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' });
      if (typeof input.MessageBody !== 'string' || input.MessageBody === '' || Buffer.byteLength(input.MessageBody) > 256 * 1024) {
        return answer(400, { __type: 'com.amazonaws.sqs#InvalidParameterValue', message: 'MessageBody must be 1 byte to 256 KiB' });
      }
      const message: Message = { messageId: randomUUID(), body: input.MessageBody, receiveCount: 0, sentAt: Date.now() };
      if (queue) schedule(queue, message, Math.min(900, Math.max(0, Number(input.DelaySeconds ?? 0))) * 1000);
      else held.get(queueId)!.push(message);
      answer(200, { MessageId: message.messageId, MD5OfMessageBody: createHash('md5').update(message.body).digest('hex') });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  return {
    endpoint,
    queueUrl,
    idle: async () => {
      while ([...queues.values()].some((q) => q.busy > 0)) await new Promise((resolve) => setTimeout(resolve, 20));
    },
    stop: async () => {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
