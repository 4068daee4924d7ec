import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * A fault-injecting HTTP proxy on 127.0.0.1 in front of a local AWS stand-in (DynamoDB Local,
 * s3rver): every request goes through untouched unless an armed fault matches it, then the proxy
 * answers what the real service answers when it is overloaded (DynamoDB's throttling error in its
 * own wire format, S3's 503 SlowDown) or cuts the connection halfway through the request body.
 * The product's real SDK clients talk to it; nothing is mocked. Control API: POST /__faults
 * (arm), DELETE /__faults (disarm all; ?match=<text> only those faults), GET /__faults (what is armed and how often each fired).
 */
export interface ProxyFault {
  /** Only requests whose body or path contains this text. */
  match: string;
  /** DynamoDB's operation (the X-Amz-Target suffix, e.g. "TransactWriteItems"), or S3's HTTP method. */
  operation?: string;
  kind: 'throttle' | 'reset';
  /**
   * DynamoDB's answer for `throttle`: ProvisionedThroughputExceededException (the default; what a
   * provisioned table or a hot partition answers), ThrottlingException (on-demand beyond its
   * limits), or TransactionConflict (a transaction cancelled because another write held its items:
   * TransactionCanceledException with a TransactionConflict reason for each item).
   */
  exception?: 'ProvisionedThroughputExceededException' | 'ThrottlingException' | 'TransactionConflict';
  /** Requests to fail; the SDK retries throttling 3 times in all, so 3 makes the caller see it. */
  times: number;
  fired?: number;
}

const dynamoErrors = {
  ProvisionedThroughputExceededException: () => ({
    __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    message: 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
  }),
  ThrottlingException: () => ({
    __type: 'com.amazon.coral.availability#ThrottlingException',
    message: 'Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly.',
  }),
  TransactionConflict: (request: Buffer) => {
    let items = 1;
    try {
      items = (JSON.parse(request.toString('utf8')) as { TransactItems?: unknown[] }).TransactItems?.length ?? 1;
    } catch {
      // not a transaction: one reason
    }
    const reasons = Array.from({ length: items }, () => ({ Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }));
    return {
      __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
      message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
      CancellationReasons: reasons,
    };
  },
} as const;

const dynamoThrottle = (res: ServerResponse, exception: NonNullable<ProxyFault['exception']>, request: Buffer) => {
  const body = JSON.stringify(dynamoErrors[exception](request));
  res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'fault-proxy', 'content-length': Buffer.byteLength(body) });
  res.end(body);
};

const s3SlowDown = (res: ServerResponse) => {
  const body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>fault-proxy</RequestId></Error>';
  res.writeHead(503, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
};

export interface FaultProxy {
  endpoint: string;
  stop(): Promise<void>;
}

export const startFaultProxy = async (options: { target: string; service: 'dynamodb' | 's3' }): Promise<FaultProxy> => {
  const target = new URL(options.target);
  let faults: ProxyFault[] = [];

  const control = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    if (req.method === 'POST') {
      const fault = JSON.parse(body.toString('utf8')) as ProxyFault;
      faults.push({ ...fault, fired: 0 });
    } else if (req.method === 'DELETE') {
      // ?match=<text> disarms only that test's faults (test files run in parallel against one proxy).
      const match = new URL(req.url ?? '/', 'http://proxy').searchParams.get('match');
      faults = match === null ? [] : faults.filter((f) => f.match !== match);
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ faults }));
  };

  const server: Server = createServer((req, res) => {
    const operationOf = () => (options.service === 'dynamodb' ? String(req.headers['x-amz-target'] ?? '').split('.').pop() : req.method);
    // An upload cut off halfway: the connection dies once the body has started to arrive.
    const cut = faults.find((f) => f.kind === 'reset' && f.fired! < f.times && (req.url ?? '').includes(f.match) && (!f.operation || f.operation === operationOf()));
    if (cut) {
      cut.fired! += 1;
      req.once('data', () => req.socket.destroy());
      req.once('end', () => req.socket.destroy());
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if ((req.url ?? '').startsWith('/__faults')) return void control(req, res, body);
      const operation = operationOf();
      const text = `${req.url} ${body.toString('utf8')}`;
      const fault = faults.find((f) => f.fired! < f.times && text.includes(f.match) && (!f.operation || f.operation === operation));
      if (fault) {
        fault.fired! += 1;
        if (fault.kind === 'reset') return void req.socket.destroy();
        return options.service === 'dynamodb' ? dynamoThrottle(res, fault.exception ?? 'ProvisionedThroughputExceededException', body) : s3SlowDown(res);
      }
      const upstream = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
