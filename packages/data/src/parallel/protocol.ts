/**
 * The messages between a `WorkerPool` and its threads (`answerRequests`). Each request carries an
 * id, and every message a thread sends back names the request it belongs to, so a thread can
 * report progress and answer several requests without the pool mixing them up.
 */
export interface RequestEnvelope<Request> {
  id: number;
  body: Request;
}

export type ReplyEnvelope<Result, Progress> =
  | { id: number; type: 'progress'; progress: Progress }
  | { id: number; type: 'done'; result: Result }
  /** The error's stack (or message): Error objects lose their class when posted. */
  | { id: number; type: 'error'; message: string };
