/** A worker thread for the toolkit's tests (parallel/*.test.ts): small jobs that exercise it. */
import { answerRequests } from '../parallel/answer';
import { Barrier } from '../parallel/barrier';
import { SharedArena } from '../parallel/shared';
import { Team } from '../parallel/team';

export type PoolTestRequest =
  | { type: 'double'; value: number }
  | { type: 'fail'; message: string }
  | { type: 'count'; to: number }
  /** Each round: add 1 to arrivals[round], meet at the barrier, read arrivals[round]. */
  | { type: 'barrier'; barrier: SharedArrayBuffer; parties: number; arrivals: Int32Array }
  /** The member's part of a team that writes task² into out[task] in two loops. */
  | { type: 'team'; team: SharedArrayBuffer; members: number; member: number; out: Float64Array }
  /** Rebuilds the layout the test made on `buffer` and writes into its second array. */
  | { type: 'arena'; buffer: SharedArrayBuffer };

answerRequests<PoolTestRequest, unknown, number>((request, progress) => {
  switch (request.type) {
    case 'double':
      return Promise.resolve(2 * request.value);
    case 'fail':
      throw new Error(request.message);
    case 'count':
      for (let i = 1; i <= request.to; i++) progress(i);
      return request.to;
    case 'barrier': {
      const barrier = new Barrier(request.barrier, request.parties);
      return Array.from(request.arrivals, (_, round) => {
        Atomics.add(request.arrivals, round, 1);
        barrier.wait();
        return Atomics.load(request.arrivals, round);
      });
    }
    case 'team': {
      const { out } = request;
      const half = out.length >> 1;
      const team = new Team(request.team, request.members, [
        (task) => (out[task] = task * task),
        (task) => (out[half + task] = (half + task) ** 2),
      ]);
      if (request.member !== 0) {
        team.serve();
        return null;
      }
      try {
        team.run(0, half);
        team.run(1, out.length - half);
      } finally {
        team.stop();
      }
      return null;
    }
    case 'arena': {
      const arena = new SharedArena(request.buffer);
      arena.float64(3);
      arena.int32(5).fill(7);
      return null;
    }
  }
});
