/**
 * A sender of JSON messages to one SQS queue, whose URL the stack puts in `urlVariable`. The SQS
 * client is loaded on first use: most invocations of the functions that hold one never send, and it
 * stays off their cold start. SQS holds a message back at most 15 minutes (`delaySeconds`).
 */
export const jsonQueue = <Job>(urlVariable: string): ((job: Job, delaySeconds?: number) => Promise<void>) => {
  let sender: Promise<(job: Job, delaySeconds: number) => Promise<void>> | undefined;
  const load = () =>
    import('@aws-sdk/client-sqs').then(({ SQSClient, SendMessageCommand }) => {
      const client = new SQSClient({});
      return async (job: Job, delaySeconds: number) => {
        const url = process.env[urlVariable];
        if (!url) throw new Error(`environment variable ${urlVariable} is not set`);
        await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(job), ...(delaySeconds ? { DelaySeconds: delaySeconds } : {}) }));
      };
    });
  return async (job, delaySeconds = 0) => (await (sender ??= load()))(job, Math.min(900, Math.max(0, Math.ceil(delaySeconds))));
};
