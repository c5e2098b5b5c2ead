import { parentPort } from 'node:worker_threads';
import type { ReplyEnvelope, RequestEnvelope } from './protocol';

/**
 * The worker thread's side of a `WorkerPool`: answers every request with what `handle` returns or
 * resolves to, or with its error. `handle` may answer synchronously (work that waits at barriers
 * runs straight through) or return a promise (work that awaits a backend); `progress` sends the
 * pool a progress report of the request being handled.
 */
export function answerRequests<Request, Result, Progress = never>(
  handle: (body: Request, progress: (progress: Progress) => void) => Result | Promise<Result>,
): void {
  const port = parentPort;
  if (port === null) throw new Error('answerRequests runs in a worker thread only');
  const post = (reply: ReplyEnvelope<Result, Progress>) => port.postMessage(reply);
  port.on('message', ({ id, body }: RequestEnvelope<Request>) => {
    const fail = (error: unknown) =>
      post({
        id,
        type: 'error',
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    const done = (result: Result) => post({ id, type: 'done', result });
    try {
      const answer = handle(body, (progress) => post({ id, type: 'progress', progress }));
      if (answer instanceof Promise) answer.then(done, fail);
      else done(answer);
    } catch (error) {
      fail(error);
    }
  });
}
