// A small pool of concurrent trials whose results are handed on in index order.

/**
 * Runs `run(i)` for `i` in `0..count-1`, at most `jobs` at a time, and calls `done(i, result)` in
 * index order, so that a log reads the same for any number of jobs. In the fuzzer, kfm builds
 * synchronously between the references' awaits, so the pool keeps the references (most of a
 * tree's time) overlapping.
 */
export async function runPool(count, jobs, run, done) {
  const results = new Map();
  let nextStart = 0;
  let nextDone = 0;
  const worker = async () => {
    while (nextStart < count) {
      const i = nextStart++;
      results.set(i, await run(i));
      while (results.has(nextDone)) {
        const r = results.get(nextDone);
        results.delete(nextDone);
        done(nextDone++, r);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, count) }, worker));
}
